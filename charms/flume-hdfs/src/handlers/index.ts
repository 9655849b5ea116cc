// Registers every handler and endpoint; importing this module is what the bundle's entry does.
import { FlumeAgentProvides } from '@flume-charms/flume-interface';
import { registerEndpoint } from '@flume-charms/reactive';
// Loads no node:crypto by itself (test/tls-startup.test.ts): hooks without TLS work do not pay for it (issue 15).
import { TlsCertificatesRequires } from '@flume-charms/tls-certificates';
import { HadoopPluginProvides } from '../hadoop-plugin';
import './config';
import './install';
import './upgrade';
import './storage';
import './hadoop';
import './sink-ready';
import './agent';
import './tls';
import './configure';
import './stop';
import './remove';
import './health';
import './channel-fill';
import './deflate-mismatch';
import './report';
import '../actions';

registerEndpoint('flume-agent', FlumeAgentProvides, { role: 'provides', interface: 'flume-agent' });
registerEndpoint('hadoop', HadoopPluginProvides, { role: 'provides', interface: 'hadoop-plugin' });
registerEndpoint('certificates', TlsCertificatesRequires, { role: 'requires', interface: 'tls-certificates' });
