import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TemplateError, UnsafeValueError } from './errors';
import { escapePropertyValue } from './property-escape';
import { escapeShellValue } from './shell-escape';
import { escapeXmlValue } from './xml-escape';

// Rendering with handlebars, where escaping cannot be bypassed:
// - the context is deep-copied through the kind's escaper (flume.conf: escapePropertyValue) BEFORE rendering,
//   and templates are compiled with noEscape, so what a template prints is exactly the escaped text;
// - templates are checked first: no triple-stash `{{{` / `{{&` (a stated intent to print raw), no partials,
//   no decorators, no helpers except if/unless/each/with, no sub-expressions, no helper calls in `{{x}}`;
// - object keys in the context must be plain names (they can be printed with @key);
// - functions and other objects are refused (handlebars would call or stringify them).

export type TemplateKind = 'properties' | 'shell' | 'xml';

/** A template context: plain JSON-like data. */
export type TemplateValue = string | number | boolean | null | undefined | readonly TemplateValue[] | TemplateContext;
export interface TemplateContext {
  readonly [key: string]: TemplateValue;
}

const ESCAPERS: Record<TemplateKind, (value: unknown, where: string) => string> = {
  properties: escapePropertyValue,
  shell: escapeShellValue,
  xml: escapeXmlValue,
};

const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
const DATA_VARIABLES = new Set(['index', 'key', 'first', 'last', 'root']);
const CONTEXT_KEY = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,127}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Compiled = (context: unknown) => string;
const compiledCache = new Map<string, Compiled>();

/**
 * Renders `source` (a handlebars template) with `context`, escaping every value for `kind`.
 * Throws UnsafeValueError for a value that cannot be placed safely, TemplateError for a bad template.
 */
export async function renderTemplate(
  kind: TemplateKind,
  source: string,
  context: TemplateContext,
  name = 'template',
): Promise<string> {
  const template = await compile(kind, source, name);
  const escaped = escapeContext(context, ESCAPERS[kind], name);
  try {
    return template(escaped);
  } catch (error) {
    throw new TemplateError(name, (error as Error).message);
  }
}

/** Deep copy of the context with every string escaped and every other leaf validated. */
export function escapeContext(
  context: TemplateContext,
  escape: (value: unknown, where: string) => string,
  name: string,
): Record<string, unknown> {
  return escapeValue(context, escape, name) as Record<string, unknown>;
}

function escapeValue(value: unknown, escape: (value: unknown, where: string) => string, where: string): unknown {
  if (typeof value === 'string') return escape(value, where);
  if (typeof value === 'number') {
    escape(value, where); // validates (finite); stays a number so {{#if n}} keeps its meaning
    return value;
  }
  if (typeof value === 'boolean' || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item, i) => escapeValue(item, escape, `${where}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (!CONTEXT_KEY.test(key) || FORBIDDEN_KEYS.has(key)) {
        throw new UnsafeValueError(`${where}`, `unsupported key ${JSON.stringify(key.slice(0, 40))}`);
      }
      out[key] = escapeValue(item, escape, `${where}.${key}`);
    }
    return out;
  }
  throw new UnsafeValueError(where, `unsupported value of type ${typeof value}`);
}

async function compile(kind: TemplateKind, source: string, name: string): Promise<Compiled> {
  const cacheKey = `${kind}\u0000${source}`;
  const cached = compiledCache.get(cacheKey);
  if (cached) return cached;
  const module = await import('handlebars');
  // CommonJS module: the namespace object or its default, depending on the loader.
  const handlebars = (module.default ?? module) as typeof module.default;
  if (source.includes('{{{')) throw new TemplateError(name, 'triple-stash {{{...}}} would bypass escaping');
  let ast: unknown;
  try {
    ast = handlebars.parse(source);
  } catch (error) {
    throw new TemplateError(name, (error as Error).message);
  }
  checkNode(ast, name);
  // An isolated environment: nothing registered elsewhere in the process can leak in.
  const env = handlebars.create();
  const template = env.compile(source, { noEscape: true, strict: true, knownHelpersOnly: true });
  const compiled: Compiled = (context) => template(context);
  compiledCache.set(cacheKey, compiled);
  return compiled;
}

interface AstNode {
  type: string;
  [field: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function checkNode(node: unknown, name: string): void {
  if (Array.isArray(node)) {
    for (const item of node) checkNode(item, name);
    return;
  }
  if (!isNode(node)) return;
  const line = (node.loc as { start?: { line?: number } } | undefined)?.start?.line;
  const at = line === undefined ? '' : ` (line ${line})`;
  switch (node.type) {
    case 'Program':
      checkNode(node.body, name);
      return;
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      if (node.escaped === false) throw new TemplateError(name, `unescaped output {{&...}} or {{{...}}}${at}`);
      const params = node.params as unknown[];
      const hash = node.hash as { pairs?: unknown[] } | undefined;
      if (params.length > 0 || (hash?.pairs?.length ?? 0) > 0) {
        throw new TemplateError(name, `helper calls are not allowed in {{...}}${at}`);
      }
      checkPath(node.path, name, at);
      return;
    }
    case 'BlockStatement': {
      const helper = node.path as AstNode & { original?: unknown };
      if (helper.type !== 'PathExpression' || !BLOCK_HELPERS.has(String(helper.original))) {
        throw new TemplateError(name, `only #if, #unless, #each and #with blocks are allowed${at}`);
      }
      const hash = node.hash as { pairs?: unknown[] } | undefined;
      if ((hash?.pairs?.length ?? 0) > 0) throw new TemplateError(name, `hash arguments are not allowed${at}`);
      for (const param of node.params as unknown[]) {
        if (isNode(param) && param.type === 'PathExpression') checkPath(param, name, at);
        else if (!(isNode(param) && /Literal$/.test(param.type))) {
          throw new TemplateError(name, `sub-expressions are not allowed${at}`);
        }
      }
      checkNode(node.program, name);
      checkNode(node.inverse, name);
      return;
    }
    default:
      // PartialStatement, PartialBlockStatement, Decorator, DecoratorBlock, SubExpression, ...
      throw new TemplateError(name, `${node.type} is not allowed${at}`);
  }
}

function checkPath(pathNode: unknown, name: string, at: string): void {
  if (!isNode(pathNode) || pathNode.type !== 'PathExpression') {
    throw new TemplateError(name, `only plain names can be printed${at}`);
  }
  if (pathNode.data === true) {
    const head = (pathNode.parts as string[])[0] ?? '';
    if (!DATA_VARIABLES.has(head)) throw new TemplateError(name, `@${head} is not allowed${at}`);
  }
}

/** The three files a charm's templates/ directory provides. */
export const TEMPLATE_FILES = {
  flumeConf: 'flume.conf.hbs',
  flumeEnv: 'flume-env.sh.hbs',
  log4j2: 'log4j2.xml.hbs',
} as const;

export interface RenderedFiles {
  readonly flumeConf: string;
  readonly flumeEnv: string;
  readonly log4j2: string;
}

export interface RenderContexts {
  readonly flumeConf: TemplateContext;
  readonly flumeEnv: TemplateContext;
  readonly log4j2: TemplateContext;
}

/** Renders flume.conf (properties escaping), flume-env.sh (shell) and log4j2.xml (XML) from `templatesDir`. */
export async function renderWorkloadFiles(templatesDir: string, contexts: RenderContexts): Promise<RenderedFiles> {
  const read = (file: string): Promise<string> => fs.readFile(path.join(templatesDir, file), 'utf8');
  const [conf, env, log4j2] = await Promise.all([
    read(TEMPLATE_FILES.flumeConf),
    read(TEMPLATE_FILES.flumeEnv),
    read(TEMPLATE_FILES.log4j2),
  ]);
  return {
    flumeConf: await renderTemplate('properties', conf, contexts.flumeConf, TEMPLATE_FILES.flumeConf),
    flumeEnv: await renderTemplate('shell', env, contexts.flumeEnv, TEMPLATE_FILES.flumeEnv),
    log4j2: await renderTemplate('xml', log4j2, contexts.log4j2, TEMPLATE_FILES.log4j2),
  };
}
