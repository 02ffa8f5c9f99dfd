import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { readmeExample, promisedLines, runReadmeExample } from '../readme-example.js';

const root = resolve(import.meta.dirname, '../..');

it('the root README classic example prints [0, 2, 0, 4, 0]', () => {
  const { printed, promised } = runReadmeExample(root);
  expect(promised).toEqual(['[ 0, 2, 0, 4, 0 ]']);
  expect(printed).toEqual(promised);
});

it('finds promised lines only in `// prints:` comments', () => {
  expect(promisedLines('a(); // prints: 1 2\nb(); // 3\nc(); // prints:   x  ')).toEqual(['1 2', 'x']);
  expect(() => readmeExample(resolve(root, 'package.json'))).toThrow(/no ```js example/);
});
