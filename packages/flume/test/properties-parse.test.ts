import { parseProperties } from '../src';

// Expected values follow the java.util.Properties.load(Reader) javadoc.
describe('parseProperties follows java.util.Properties.load', () => {
  const keyValues = (text: string): Array<[string, string]> => parseProperties(text).entries.map((e) => [e.key, e.value]);

  test('separators: =, :, whitespace, and whitespace around them', () => {
    expect(keyValues('a=1\nb:2\nc 3\nd = 4\ne   :   5\nf\t=\t6\n')).toEqual([
      ['a', '1'], ['b', '2'], ['c', '3'], ['d', '4'], ['e', '5'], ['f', '6'],
    ]);
  });

  test('only the first separator counts; later = and : belong to the value', () => {
    expect(keyValues('a = b = c\nx:y:z\n')).toEqual([['a', 'b = c'], ['x', 'y:z']]);
  });

  test('comments start with # or ! after optional whitespace; blank lines are skipped', () => {
    expect(keyValues('# c\n  ! c\n\n   \nk=v # not a comment\n')).toEqual([['k', 'v # not a comment']]);
  });

  test('a comment line ending in a backslash does not continue', () => {
    expect(keyValues('# comment \\\nk=v\n')).toEqual([['k', 'v']]);
  });

  test('continuation lines join, dropping the next line\'s leading whitespace', () => {
    expect(keyValues('list = a \\\n     b \\\n  c\nnext = 1\n')).toEqual([['list', 'a b c'], ['next', '1']]);
  });

  test('an even number of trailing backslashes does not continue', () => {
    expect(keyValues('path = C:\\\\\nnext = 1\n')).toEqual([['path', 'C:\\'], ['next', '1']]);
  });

  test('a continued line that starts with # is not a comment', () => {
    expect(keyValues('k = a\\\n#b\n')).toEqual([['k', 'a#b']]);
  });

  test('escapes in keys and values: \\t \\n \\uXXXX, \\= \\: \\space, unknown escapes drop the backslash', () => {
    expect(keyValues('a\\=b\\:c\\ d = x\\ty\\u00e9\\q\n')).toEqual([['a=b:c d', 'x\ty\u00e9q']]);
  });

  test('CR and CRLF end lines too', () => {
    expect(keyValues('a=1\rb=2\r\nc=3')).toEqual([['a', '1'], ['b', '2'], ['c', '3']]);
  });

  test('a key without a value has an empty value', () => {
    expect(keyValues('lonely\nother=\n')).toEqual([['lonely', ''], ['other', '']]);
  });

  test('malformed \\uXXXX is an error, as Java throws', () => {
    const parsed = parseProperties('ok=1\nbad=\\u12G4\n');
    expect(parsed.entries.map((e) => e.key)).toEqual(['ok']);
    expect(parsed.errors).toEqual([{ line: 2, message: 'Malformed \\uxxxx encoding' }]);
  });

  test('duplicate keys are all reported with their lines', () => {
    expect(parseProperties('k=1\n\nk=2\n').entries).toEqual([
      { key: 'k', value: '1', line: 1 },
      { key: 'k', value: '2', line: 3 },
    ]);
  });
});
