// Why Flume is not running, for the status. packages/flume's failureReason() prefers the Flume log, then the
// last telling journal line; that line is often systemd's own summary ("Failed with result 'exit-code'"),
// while the cause is what the JVM printed just before it. So: the Flume log's error, else the last line the
// service itself wrote, else packages/flume's answer. (A candidate to move into packages/flume.)
import type { ServiceStatus } from '@flume-charms/flume';

const TELLING = /\b(ERROR|FATAL)\b|Exception|Caused by|Error:|failed|cannot|not found|denied/i;
const SYSTEMD_LINE = /\bsystemd\[\d+\]:/;

function clean(line: string): string {
  const text = line.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function notRunningReason(service: ServiceStatus, fallback: string): string {
  const fromLog = [...service.logTail].reverse().find((line) => TELLING.test(line));
  if (fromLog) return clean(fromLog);
  const own = service.journal.filter((line) => !SYSTEMD_LINE.test(line));
  const fromJournal = [...own].reverse().find((line) => TELLING.test(line)) ?? own[own.length - 1];
  if (fromJournal) return clean(fromJournal);
  return service.reason ?? fallback;
}
