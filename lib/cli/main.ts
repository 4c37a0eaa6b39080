#!/usr/bin/env node
/**
 * `cdktf-hardened-docker` command line.
 *
 *   cdktf-hardened-docker verify <synth dir> [--json] [--strict] [--stack <name>]...
 *                         [--host <url>] [--tls-ca <file> --tls-cert <file> --tls-key <file>]
 *
 * Exit codes: 0 verified, 1 a container is weaker than declared, missing or
 * stopped, or an undeclared container is attached to a declared network (or,
 * with --strict, anything drifted), 2 usage or I/O error.
 *
 *   cdktf-hardened-docker check <path...> [--format text|json|sarif] [--fail-on error|warning] [--out <dir>]
 *                         [--no-reports] [--stack-name <name>] [--var-file <file>]... [--source-root <dir>]
 *                         [--no-accepted-risks-in-sarif]
 *
 * Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, I/O or conversion error (see ./check.ts).
 *
 * @internal
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { CheckFlags, checkCommand } from './check';
import { readSynthesizedStacks, SynthesizedStack } from '../engine/stack';
import { createDocker, DEFAULT_DOCKER_HOST, dockerConnection, DockerConnection } from '../verify/connection';
import { EXIT_ERROR, EXIT_OK, exitCode, formatJson, formatText } from '../verify/report';
import { selectStacks, verifyStacks } from '../verify/verify';

/** Where the CLI writes and what environment it reads; injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: { readonly [name: string]: string | undefined };
}

interface VerifyFlags {
  readonly json?: boolean;
  readonly strict?: boolean;
  readonly stack?: string[];
  readonly host?: string;
  readonly tlsCa?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

/** Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code = EXIT_OK;
  const program = new Command('cdktf-hardened-docker')
    .description('Tools for cdktf-hardened-docker stacks')
    .version(packageVersion(), '--version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });

  program.command('verify')
    .description('Attest that the live containers on a Docker engine are as hardened as the synthesized stacks declare')
    .argument('<synth-dir>', 'a cdk.tf.json, a stack directory, or a cdktf output directory (cdktf.out)')
    .option('--json', 'print a machine-readable JSON report')
    .option('--strict', 'also fail (exit 1) on drift, not only on weaker, missing, stopped or intruder findings')
    .option('--stack <name>', 'verify only this stack (repeatable)', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--host <url>', `Docker host, unix:///path or tcp://host:port (default: $DOCKER_HOST, else ${DEFAULT_DOCKER_HOST})`)
    .option('--tls-ca <file>', 'CA certificate the daemon\'s certificate must be signed by (tcp:// hosts)')
    .option('--tls-cert <file>', 'client certificate (tcp:// hosts)')
    .option('--tls-key <file>', 'client key (tcp:// hosts)')
    .action(async (synthDir: string, flags: VerifyFlags) => {
      code = await verifyCommand(synthDir, flags, io);
    })
    .addHelpText('after', [
      '',
      'Findings:',
      '  WEAKER    the live container (or network) is less hardened than declared',
      '  MISSING   no container (or network) by the declared name',
      '  STOPPED   a container declared to run is exited, created, paused, restarting or dead',
      '            (its configuration is still compared)',
      '  INTRUDER  a container no verified stack declares is attached to a docker_network the',
      '            stack manages: an undeclared process with a network path to the workload',
      '            (networks only referenced by name are not checked)',
      '  DRIFT     a stronger or neutral difference, e.g. a missing or changed config-hash label',
      '',
      'Exit codes: 0 verified (drift allowed); 1 any WEAKER, MISSING, STOPPED or INTRUDER finding',
      '(with --strict, DRIFT too); 2 usage or I/O error.',
    ].join('\n'));

  program.command('check')
    .description('Run the hardening checks on existing Terraform: a cdk.tf.json, a cdktf output directory, a directory of *.tf files, or *.tf files')
    .argument('<path...>', 'cdk.tf.json files, stack or cdktf output directories, Terraform module directories, *.tf or *.tf.json files')
    .option('--format <format>', 'stdout format: text, json or sarif', 'text')
    .option('--fail-on <level>', 'exit 1 on unsuppressed findings at or above this level: error or warning', 'error')
    .option('--out <dir>', 'write hardening-report.{json,sarif,md} to <dir>/<stack>/ (default: next to a cdk.tf.json; ./hardening-reports/<stack>/ for a Terraform module)')
    .option('--no-reports', 'write no report files')
    .option('--stack-name <name>', 'the stack name of the one Terraform module checked (default: its directory\'s name)')
    .option('--var-file <file>', 'a variable file applied after terraform.tfvars and *.auto.tfvars (repeatable)', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--source-root <dir>', 'the directory locations are relative to (default: the nearest directory holding .git)')
    .option('--no-accepted-risks-in-sarif', 'leave suppressed findings out of the SARIF (GitHub code scanning shows them as open alerts)')
    .action(async (paths: string[], flags: CheckFlags) => {
      code = await checkCommand(paths, flags, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    throw e;
  }
  return code;
}

async function verifyCommand(synthDir: string, flags: VerifyFlags, io: CliIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`error: ${message}\n`);
    return EXIT_ERROR;
  };
  let stacks: SynthesizedStack[];
  let connection: DockerConnection;
  try {
    // every stack of the directory is declared (a container another stack declares is no intruder on this one's
    // networks); --stack selects which are verified (an unknown name is an error)
    stacks = readSynthesizedStacks(synthDir);
    selectStacks(stacks, flags.stack ?? []);
    connection = dockerConnection(flags, io.env);
  } catch (e) {
    return fail((e as Error).message);
  }
  const strict = flags.strict === true;
  try {
    const docker = createDocker(connection);
    try {
      await docker.ping();
    } catch (e) {
      return fail(`cannot reach the Docker engine at ${connection.description}: ${(e as Error).message}`);
    }
    const report = await verifyStacks(docker, stacks, { stacks: flags.stack });
    io.stdout(flags.json ? formatJson(report, strict) : formatText(report, strict));
    return exitCode(report, strict);
  } catch (e) {
    return fail((e as Error).message);
  }
}

function packageVersion(): string {
  try {
    // lib/cli/main.ts and dist/cli/main.js are both two levels below package.json
    return JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      process.stderr.write(`error: ${e.stack ?? e.message}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
