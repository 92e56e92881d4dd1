import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, settings, type SettingName } from './cli/config.ts';
import { serve } from './cli/serve.ts';
import { formatSimulation, simulateCommand } from './cli/simulate-command.ts';
import { formatImport, importVirtualExtensionsCommand } from './cli/import-command.ts';
import { AppError } from './domain/errors.ts';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Adds one flag per setting; a flag wins over its environment variable. */
function withSettings(command: Command, names: readonly SettingName[]): Command {
  for (const name of names) {
    const s = settings[name];
    command.addOption(new Option(`${s.flag} <value>`, `${s.description} (env ${name}${s.default ? `, default ${s.default}` : ''})`));
  }
  return command;
}

function flagsOf(options: Record<string, unknown>, names: readonly SettingName[]): Partial<Record<SettingName, string>> {
  const flags: Partial<Record<SettingName, string>> = {};
  for (const name of names) {
    const key = settings[name].flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = options[key];
    if (typeof value === 'string') flags[name] = value;
  }
  return flags;
}

const allSettings = Object.keys(settings) as SettingName[];
const storeSettings: SettingName[] = ['DATA_DIR', 'DATABASE_URL', 'RINGROUTE_COUNTRY'];

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('ringroute').version(version).description('Virtual business phone numbers: one number, ringing whatever you chose.');
  program.showHelpAfterError();

  withSettings(program.command('serve').description('Run the HTTP API and SIP (UDP and TCP) on one process'), allSettings).action(
    async (options: Record<string, unknown>) => {
      const config = loadConfig(process.env, flagsOf(options, allSettings));
      const server = await serve(config, (line) => process.stdout.write(`${line}\n`));
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`${signal}: finishing requests in flight, then stopping\n`);
        const force = setTimeout(() => {
          process.stderr.write('ringroute: shutdown took longer than 15 s; exiting\n');
          process.exit(1);
        }, 15_000);
        force.unref();
        server.stop().then(
          () => {
            process.stdout.write('ringroute stopped\n');
            process.exit(0);
          },
          (error: unknown) => {
            process.stderr.write(`ringroute: error while stopping: ${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    },
  );

  withSettings(
    program
      .command('simulate')
      .description('What happens if this caller calls this number now (or --at): the timeline and why')
      .requiredOption('--to <number>', 'one of your numbers, any format')
      .option('--from <number>', 'the caller, any format, or "anonymous"', 'anonymous')
      .option('--at <time>', 'ISO 8601 time of the call (default now)')
      .option('--behaviour <json>', 'how destinations behave, e.g. \'{"+31612345678":"busy","Office":{"answerAfterSeconds":5}}\'')
      .option('--caller-hangs-up-after <seconds>', 'the caller gives up after this many seconds')
      .option('--json', 'print the result as JSON'),
    storeSettings,
  ).action(async (options: Record<string, unknown>) => {
    const config = loadConfig(process.env, flagsOf(options, storeSettings));
    let behaviour: unknown;
    if (typeof options['behaviour'] === 'string') {
      try {
        behaviour = JSON.parse(options['behaviour']);
      } catch {
        throw new AppError('bad_request', '--behaviour: must be JSON, e.g. \'{"+31612345678":"busy"}\'');
      }
    }
    const hangUp = options['callerHangsUpAfter'];
    const result = await simulateCommand(config, {
      to: String(options['to']),
      from: String(options['from']),
      ...(typeof options['at'] === 'string' ? { at: options['at'] } : {}),
      ...(behaviour !== undefined ? { behaviour } : {}),
      ...(typeof hangUp === 'string' ? { callerHangsUpAfterSeconds: Number(hangUp) } : {}),
    });
    process.stdout.write(options['json'] ? `${JSON.stringify(result, null, 2)}\n` : `${formatSimulation(result)}\n`);
  });

  const importing = program.command('import').description('Import records from a file into the local database');
  withSettings(
    importing
      .command('virtual-extensions')
      .description('Import virtual extensions from a CSV file (the template of GET /v1/virtual-extensions/template.csv), with a progress bar; exit code 1 when rows or the file failed')
      .argument('<file>', 'the CSV file')
      .option('--organization <id>', 'the organization to import into (default: the only one)'),
    storeSettings,
  ).action(async (file: string, options: Record<string, unknown>) => {
    const config = loadConfig(process.env, flagsOf(options, storeSettings));
    const result = await importVirtualExtensionsCommand(
      config,
      file,
      typeof options['organization'] === 'string' ? { organization: options['organization'] } : {},
      process.stderr,
    );
    process.stdout.write(`${formatImport(result)}\n`);
    if (result.task.status !== 'completed') process.exitCode = 1;
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    process.stderr.write(`ringroute: ${describeError(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}

function describeError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof AppError) {
    // For invalid input, the field-by-field list says it all.
    return error.issues.length > 0 ? error.issues.map((i) => `${i.field}: ${i.message}`).join('; ') : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
