#!/usr/bin/env node
// Entry point: registers the TypeScript loader, then runs the command line.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('tsx/esm', pathToFileURL('./'));
const { main } = await import('../src/main.ts');
await main(process.argv.slice(2));
