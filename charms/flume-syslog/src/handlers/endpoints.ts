// The relation endpoints of metadata: flume-agent (requires, the sinks) and syslog (provides, the forwarders).
import { FlumeAgentRequires } from '@flume-charms/flume-interface';
import { registerEndpoint } from '@flume-charms/reactive';
import { SyslogProvides } from '../syslog-endpoint';

registerEndpoint('flume-agent', FlumeAgentRequires, { role: 'requires', interface: 'flume-agent' });
registerEndpoint('syslog', SyslogProvides, { role: 'provides', interface: 'syslog' });
