import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CharmcraftProject } from './charmcraft-project';
import { CharmBuildError } from './errors';
import { generateIcon } from './icon';

/** The files every charm carries besides its code; charmhub shows them. */
export const EXTRA_FILES = ['README.md', 'LICENSE', 'icon.svg'] as const;
export type ExtraFile = (typeof EXTRA_FILES)[number];

export interface ExtraFileContent {
  name: ExtraFile;
  content: Buffer;
  /** True when the charm has no such file and the build wrote one. */
  generated: boolean;
}

const APACHE_LICENSE = join(__dirname, 'assets', 'Apache-2.0.txt');

/** Copies README.md, LICENSE and icon.svg from the charm directory, or generates what is missing. */
export function extraFiles(charmDir: string, project: CharmcraftProject): ExtraFileContent[] {
  return EXTRA_FILES.map((name) => {
    const own = join(charmDir, name);
    if (existsSync(own)) return { name, content: readFileSync(own), generated: false };
    return { name, content: Buffer.from(generate(name, project)), generated: true };
  });
}

function generate(name: ExtraFile, project: CharmcraftProject): string {
  switch (name) {
    case 'README.md':
      return generateReadme(project);
    case 'LICENSE':
      return apacheLicense();
    case 'icon.svg':
      return generateIcon(project.name, project.title ?? project.name);
  }
}

/** The Apache-2.0 text (the project's licence, as in package.json). */
export function apacheLicense(): string {
  try {
    return readFileSync(APACHE_LICENSE, 'utf8');
  } catch (error) {
    throw new CharmBuildError('extra-file', `the charm has no LICENSE and the Apache-2.0 text ${APACHE_LICENSE} is unreadable: ${(error as Error).message}`);
  }
}

/** A README from charmcraft.yaml's title, summary and description. */
export function generateReadme(project: CharmcraftProject): string {
  return `# ${project.title ?? project.name}\n\n${project.summary.trim()}\n\n${project.description.trim()}\n`;
}
