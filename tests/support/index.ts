export { makeStandinFlumeTarball, STANDIN_FLUME_VERSION, STANDIN_NOTICE } from './standin-flume';
export { agentNameOf, propertyKeys } from './flume-conf';
