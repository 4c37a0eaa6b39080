import { TerraformElement, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { invalidProp } from './errors';

/**
 * Refuses unresolved tokens in props whose value has to be validated at synth.
 * A value that is only known at apply time could silently weaken a default.
 *
 * @internal
 */
export function requireLiteral(scope: IConstruct, prop: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Token.isUnresolved(value)) {
    throw invalidProp(
      scope,
      prop,
      '<token>',
      'must be a literal known at synth time; Terraform references and variables cannot be validated before apply',
    );
  }
}

/**
 * Escapes Terraform template sequences in a literal string: in Terraform's JSON
 * syntax `${…}` and `%{…}` inside any string are interpolated, so a literal
 * `${HOME}` in a command (or `${var.db_password}` smuggled into an environment
 * value) would be evaluated by Terraform. `$${` and `%%{` render as the literal
 * text.
 *
 * @internal
 */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whether a literal string survives the trip into Terraform JSON and the Engine
 * API unchanged: no NUL (C strings end there: argv, environment, labels are
 * cut or refused by the engine) and no unpaired UTF-16 surrogate (JSON.stringify
 * writes it as `\ud800`, which Terraform's decoder turns into U+FFFD, so the value
 * silently changes).
 *
 * @internal
 */
export function isCarriableText(value: unknown): value is string {
  return typeof value === 'string' && !value.includes('\0') && !LONE_SURROGATE.test(value);
}

/** What `isCarriableText` allows, for error messages. @internal */
export const CARRIABLE_TEXT = 'a string without NUL characters or unpaired UTF-16 surrogates';

const TERRAFORM_NAME = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;

/**
 * A validation for an L2: the Terraform names cdktf derives from construct paths
 * (non-alphanumeric characters dropped, a hash appended) must be valid Terraform
 * identifiers, or `terraform plan` refuses the whole configuration. An id like
 * `-web` or `"1"` gives `-web_1A2B3C4D` / `1_…`, which Terraform rejects.
 *
 * @internal
 */
export function terraformNameProblems(scope: IConstruct): string[] {
  const out: string[] = [];
  for (const c of scope.node.findAll()) {
    if (!TerraformElement.isTerraformElement(c)) continue;
    const name = c.friendlyUniqueId;
    if (!TERRAFORM_NAME.test(name)) {
      out.push(invalidProp(scope, 'id', scope.node.id, `its Terraform name ${JSON.stringify(name)} (from the construct path ${c.node.path}) ` +
        'must start with a letter or underscore and contain only letters, digits, underscores and dashes: start the construct ids with a letter').message);
    }
  }
  return out;
}
