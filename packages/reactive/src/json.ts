/** A JSON value, as stored in the unit state and parsed from hook-tool output. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A relation databag: every value is a string, as Juju stores them. */
export type Databag = Record<string, string>;
