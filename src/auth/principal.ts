import type { Role } from '../domain/access';

export type { Role };

/** Who is calling, as loaded from the database for every request (a token alone grants nothing stale). */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  organisationId: string | null;
  bureauCode: string | null;
}
