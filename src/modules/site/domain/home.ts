import { can, type Permission } from '../../../platform/auth/roles.ts';

export interface HomeCard {
  href: string;
  title: string;
  description: string;
}

const cards: (HomeCard & { permission: Permission | 'signed-in' })[] = [
  {
    href: '/admin/audit',
    title: 'Audit log',
    description: 'Who signed in, and who viewed, changed or exported which record, and when.',
    permission: 'audit:read',
  },
  {
    href: '/ehc/terms',
    title: 'School term dates',
    description:
      'The terms of the LA’s schools: the holidays between them decide when the 20-week exception for a school closure applies.',
    permission: 'ehc:terms',
  },
  {
    href: '/account/tokens',
    title: 'API tokens',
    description: 'Personal tokens that let a program use the OpenSEND API as you.',
    permission: 'api:tokens',
  },
  {
    href: '/account/password',
    title: 'Change your password',
    description: 'Choose a new password. You will be signed out everywhere else.',
    permission: 'signed-in',
  },
];

/** The tasks a person's roles open to them, in the order they are most used. */
export function homeCards(roles: readonly string[]): HomeCard[] {
  return cards
    .filter((c) => c.permission === 'signed-in' || can(roles, c.permission))
    .map(({ permission: _p, ...card }) => card);
}
