export type { Role } from '../domain/access';
import type { Role } from '../domain/access';

/** Who is calling, as loaded from the database for every request (a token alone grants nothing stale). */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  organisationId: string | null;
  bureauCode: string | null;
}
