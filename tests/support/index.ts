export { makeStandinFlumeTarball, STANDIN_FLUME_VERSION, STANDIN_NOTICE } from './standin-flume';
export { agentNameOf, propertyKeys } from './flume-conf';
export { readFlumeFlow, type FlumeFlow, type ComponentProperties } from './flume-flow';
export { buildCharmsForTests, type BuiltCharms } from './charm-builds';
export { createPrng, intFromEnv, type Prng } from './prng';
