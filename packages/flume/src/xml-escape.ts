import { UnsafeValueError } from './errors';
import { scalarText } from './scalar-text';

// log4j2.xml values (paths, levels) are escaped as XML text and attribute content. Characters that XML 1.0
// does not allow at all are rejected rather than dropped.

const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXmlValue(value: unknown, where = 'value'): string {
  const text = scalarText(value, where);
  if (XML_FORBIDDEN.test(text)) throw new UnsafeValueError(where, 'character not allowed in XML');
  // log4j2 substitutes ${...} lookups in its configuration (the Log4Shell family); never let values add one.
  if (text.includes('${')) throw new UnsafeValueError(where, '"${" is not allowed (log4j2 lookups)');
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}
