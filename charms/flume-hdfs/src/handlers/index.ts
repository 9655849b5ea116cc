// Registers every handler and endpoint; importing this module is what the bundle's entry does.
import { FlumeAgentProvides } from '@flume-charms/flume-interface';
import { registerEndpoint } from '@flume-charms/reactive';
// The endpoint's own module, not the package index: the index also loads the key and CSR helpers, whose
// top-level code loads node:crypto in every hook (issue 15); hooks without TLS work must not pay for it.
import { TlsCertificatesRequires } from '@flume-charms/tls-certificates/src/requires';
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
