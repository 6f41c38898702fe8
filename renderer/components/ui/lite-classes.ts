/**
 * The classes PrimeVue's Button and Tag put on their elements (primevue/button/style and
 * primevue/tag/style), for LiteButton and LiteTag: the theme's stylesheet styles these classes, so
 * the same classes give the same look. test/unit/renderer/ui/lite-components.test.ts compares them
 * with what PrimeVue's own components render.
 */
export type ButtonSeverity = 'primary' | 'secondary' | 'success' | 'info' | 'warn' | 'help' | 'danger' | 'contrast';
export type TagSeverity = 'success' | 'warn' | 'danger' | 'secondary' | 'info' | 'contrast';

export interface ButtonLook {
  severity?: ButtonSeverity | undefined;
  outlined?: boolean;
  text?: boolean;
  rounded?: boolean;
  size?: 'small' | 'large' | undefined;
}

export function buttonClasses(look: ButtonLook, iconOnly: boolean): string[] {
  const classes = ['p-button', 'p-component'];
  if (iconOnly) classes.push('p-button-icon-only');
  if (look.severity) classes.push(`p-button-${look.severity}`);
  if (look.rounded) classes.push('p-button-rounded');
  if (look.text) classes.push('p-button-text');
  if (look.outlined) classes.push('p-button-outlined');
  if (look.size === 'small') classes.push('p-button-sm');
  if (look.size === 'large') classes.push('p-button-lg');
  return classes;
}

export function tagClasses(severity: TagSeverity | undefined): string[] {
  return severity ? ['p-tag', 'p-component', `p-tag-${severity}`] : ['p-tag', 'p-component'];
}
