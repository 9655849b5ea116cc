import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.flume.Sink;
import org.apache.flume.SinkProcessor;
import org.apache.flume.SinkRunner;
import org.apache.flume.conf.ComponentWithClassName;
import org.apache.flume.conf.channel.ChannelType;
import org.apache.flume.conf.sink.SinkType;
import org.apache.flume.conf.source.SourceType;
import org.apache.flume.node.MaterializedConfiguration;
import org.apache.flume.node.PropertiesFileConfigurationProvider;
import org.apache.flume.sink.AbstractSingleSinkProcessor;
import org.apache.flume.sink.AbstractSinkProcessor;
import org.apache.flume.sink.FailoverSinkProcessor;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Test oracle: loads flume.conf files through Flume's own PropertiesFileConfigurationProvider
 * (FlumeConfiguration validation, then AbstractConfigurationProvider building every component)
 * without starting anything, and prints what survives.
 *
 * Input (stdin): one "AGENT<TAB>PATH" per line. Output (stdout): one JSON object per input line,
 * in order: {"sources":[..],"channels":[..],"sinks":[..],"sinkgroups":[..],"log":[..]} plus
 * "classNotAvailable" (an official component whose jar this build lacks, e.g. the HDFS sink: the
 * result says nothing about the config) or "fatal" (getConfiguration threw: Flume starts nothing).
 */
public final class FlumeOracle {
  private static final List<String> LOG = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
    System.setOut(System.err); // whatever Flume prints must not corrupt the JSON lines
    captureLogs();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) continue;
      int tab = line.indexOf('\t');
      out.println(load(line.substring(0, tab), new File(line.substring(tab + 1))));
    }
  }

  private static String load(String agent, File file) {
    LOG.clear();
    StringBuilder json = new StringBuilder("{");
    try {
      MaterializedConfiguration conf = new PropertiesFileConfigurationProvider(agent, file).getConfiguration();
      TreeSet<String> sinks = new TreeSet<>();
      TreeSet<String> groups = new TreeSet<>();
      for (Map.Entry<String, SinkRunner> entry : conf.getSinkRunners().entrySet()) {
        SinkProcessor processor = entry.getValue().getPolicy();
        List<Sink> members = new ArrayList<>();
        if (processor instanceof FailoverSinkProcessor) {
          members.addAll(liveSinks((FailoverSinkProcessor) processor)); // a sink with a taken priority never runs
        } else if (processor instanceof AbstractSinkProcessor) {
          members.addAll(((AbstractSinkProcessor) processor).getSinks());
        } else if (processor instanceof AbstractSingleSinkProcessor) {
          members.add(((AbstractSingleSinkProcessor) processor).getSink());
        }
        boolean solo = members.size() == 1 && members.get(0).getName().equals(entry.getKey())
            && processor.getClass() == org.apache.flume.sink.DefaultSinkProcessor.class;
        if (!solo) groups.add(entry.getKey());
        for (Sink sink : members) sinks.add(sink.getName());
      }
      json.append("\"sources\":").append(array(new TreeSet<>(conf.getSourceRunners().keySet())));
      json.append(",\"channels\":").append(array(new TreeSet<>(conf.getChannels().keySet())));
      json.append(",\"sinks\":").append(array(sinks));
      json.append(",\"sinkgroups\":").append(array(groups));
    } catch (Throwable t) {
      String missing = missingOfficialClass(t);
      json.append(missing != null ? "\"classNotAvailable\":" + quote(missing) : "\"fatal\":" + quote(describe(t)));
    }
    json.append(",\"log\":").append(array(LOG)).append('}');
    return json.toString();
  }

  @SuppressWarnings("unchecked")
  private static java.util.Collection<Sink> liveSinks(FailoverSinkProcessor processor) throws ReflectiveOperationException {
    java.lang.reflect.Field field = FailoverSinkProcessor.class.getDeclaredField("liveSinks");
    field.setAccessible(true);
    return ((Map<Integer, Sink>) field.get(processor)).values();
  }

  /** The class of an official component type that this build does not ship, if that is why loading failed. */
  private static String missingOfficialClass(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (!(c instanceof ClassNotFoundException) && !(c instanceof NoClassDefFoundError)) continue;
      String name = String.valueOf(c.getMessage()).replace('/', '.');
      List<ComponentWithClassName> official = new ArrayList<>();
      official.addAll(List.of(SourceType.values()));
      official.addAll(List.of(SinkType.values()));
      official.addAll(List.of(ChannelType.values()));
      for (ComponentWithClassName type : official) {
        if (type.getClassName() != null && type.getClassName().equals(name)) return name;
      }
      // A class that an official component needs (e.g. Hadoop's, for the HDFS sink).
      if (c instanceof NoClassDefFoundError) return name;
    }
    return null;
  }

  private static String describe(Throwable t) {
    StringBuilder text = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (text.length() > 0) text.append(": ");
      text.append(c.getClass().getSimpleName()).append(' ').append(c.getMessage());
    }
    return text.toString();
  }

  private static void captureLogs() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    AbstractAppender appender = new AbstractAppender("oracle", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        if (!event.getLevel().isMoreSpecificThan(Level.WARN)) return;
        String message = event.getLevel() + " " + event.getMessage().getFormattedMessage();
        Throwable thrown = event.getThrown();
        LOG.add(thrown == null ? message : message + " (" + describe(thrown) + ")");
      }
    };
    appender.start();
    LoggerConfig root = config.getRootLogger();
    for (String name : new ArrayList<>(root.getAppenders().keySet())) root.removeAppender(name);
    root.setLevel(Level.WARN);
    root.addAppender(appender, Level.WARN, null);
    context.updateLoggers();
  }

  private static String array(Iterable<String> items) {
    StringBuilder s = new StringBuilder("[");
    for (String item : items) {
      if (s.length() > 1) s.append(',');
      s.append(quote(item));
    }
    return s.append(']').toString();
  }

  private static String quote(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : String.valueOf(text).toCharArray()) {
      if (c == '"' || c == '\\') s.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) s.append(String.format("\\u%04x", (int) c));
      else s.append(c);
    }
    return s.append('"').toString();
  }
}
