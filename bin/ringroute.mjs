#!/usr/bin/env node
// Entry point: registers the TypeScript loader (tsx), then runs the command line.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main(process.argv.slice(2));
