import { Token } from 'cdktf';
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
