// The one access policy: who may read or act on a case or a review task, by role × bureau ×
// organisation × declared conflict. Controllers, services and the case machine's checks all ask it,
// so a rule is written once. Pure: callers pass what they loaded.
//
// Officers of a district government are officers whose bureau is the district's (`district:nanshan`);
// finance staff belong to a treasury, named by the same bureau code (the city's finance bureau or a
// district's). Whatever a caller may not read answers exactly as if it did not exist.

export type Role = 'applicant' | 'officer' | 'supervisor' | 'finance' | 'admin';
export const ROLES: readonly Role[] = ['applicant', 'officer', 'supervisor', 'finance', 'admin'];

/** Who is calling, as loaded from the database for every request (a token alone grants nothing stale). */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  organisationId: string | null;
  bureauCode: string | null;
}

/** The caller as every layer sees it; officers carry the organisations they declared a conflict with. */
export interface Actor {
  userId: string;
  role: Role;
  bureauCode: string | null;
  organisationId: string | null;
  conflictOrganisationIds: string[];
}

/** What the policy needs to know of a case. */
export interface CaseScope {
  organisationId: string;
  /** Every bureau that has (or had) a review task on the case. */
  bureauCodes: readonly string[];
}

export const isStaff = (a: Pick<Actor, 'role'>): boolean => a.role === 'officer' || a.role === 'supervisor';

/** Officers and supervisors of the bureau that owns a task. */
export const isStaffOf = (a: Pick<Actor, 'role' | 'bureauCode'>, bureauCode: string): boolean => isStaff(a) && a.bureauCode === bureauCode;

/** The applicant organisation itself. */
export const isApplicantOf = (a: Pick<Actor, 'role' | 'organisationId'>, organisationId: string): boolean =>
  a.role === 'applicant' && a.organisationId !== null && a.organisationId === organisationId;

/** Whether a case may be read at all: its organisation, the bureaus it was routed to, admins. */
export function canReadCase(a: Pick<Actor, 'role' | 'organisationId' | 'bureauCode'>, c: CaseScope): boolean {
  switch (a.role) {
    case 'applicant':
      return isApplicantOf(a, c.organisationId);
    case 'officer':
    case 'supervisor':
      return a.bureauCode !== null && c.bureauCodes.includes(a.bureauCode);
    case 'admin':
      return true;
    case 'finance':
      // Treasury staff work on payment orders, not on the case file.
      return false;
  }
}

/** Whether a review task may be seen (inbox, detail) or acted on: staff of its bureau only. */
export const canSeeTask = (a: Pick<Actor, 'role' | 'bureauCode'>, task: { bureauCode: string }): boolean => isStaffOf(a, task.bureauCode);

/** Reading a task's detail: its bureau's staff, and admins (who read everything but act on no task). */
export const canReadTask = (a: Pick<Actor, 'role' | 'bureauCode'>, task: { bureauCode: string }): boolean => a.role === 'admin' || canSeeTask(a, task);

export type ConflictKind = 'ownOrganisation' | 'declared';

/** Why an officer may not decide for an organisation, or null when nothing stands in the way. */
export function conflictWith(a: Pick<Actor, 'organisationId' | 'conflictOrganisationIds'>, organisationId: string): ConflictKind | null {
  if (a.organisationId !== null && a.organisationId === organisationId) return 'ownOrganisation';
  if (a.conflictOrganisationIds.includes(organisationId)) return 'declared';
  return null;
}

/** Releasing or reassigning a claimed task: its holder, or a supervisor of the bureau. */
export const mayRelease = (a: Pick<Actor, 'role' | 'userId'>, holderId: string | null): boolean =>
  a.role === 'supervisor' || (holderId !== null && holderId === a.userId);

/** What the policy needs to know of an uploaded document. */
export interface DocumentScope {
  organisationId: string;
  /** The bureaus with a review task on a case whose form names the document. */
  caseBureauCodes: readonly string[];
}

/**
 * An evidence file: its own organisation's applicants, and the staff of the bureaus reviewing a case
 * that names it. Nobody else, admins included: the file is the applicant's, not the programme's.
 */
export function canReadDocument(a: Pick<Actor, 'role' | 'organisationId' | 'bureauCode'>, d: DocumentScope): boolean {
  switch (a.role) {
    case 'applicant':
      return isApplicantOf(a, d.organisationId);
    case 'officer':
    case 'supervisor':
      return a.bureauCode !== null && d.caseBureauCodes.includes(a.bureauCode);
    case 'admin':
    case 'finance':
      return false;
  }
}
/** Publishing a policy pack (or a new version of one) changes what everyone may apply for: admins only. */
export const mayPublishPacks = (a: Pick<Actor, 'role'>): boolean => a.role === 'admin';

/** Grading a key lab's evaluation: officers and supervisors of the bureau that evaluates it. */
export const mayGradeLab = (a: Pick<Actor, 'role' | 'bureauCode'>, lab: { bureauCode: string }): boolean =>
  (a.role === 'officer' || a.role === 'supervisor') && isStaffOf(a, lab.bureauCode);

/** A key lab's history: the lab's own organisation, the bureau that evaluates it, admins. */
export function canReadLab(a: Pick<Actor, 'role' | 'organisationId' | 'bureauCode'>, lab: { organisationId: string; bureauCode: string }): boolean {
  switch (a.role) {
    case 'applicant':
      return isApplicantOf(a, lab.organisationId);
    case 'officer':
    case 'supervisor':
      return isStaffOf(a, lab.bureauCode);
    case 'admin':
      return true;
    case 'finance':
      return false;
  }
}

/** A district's share of a co-funded award: that district's officers and supervisors, its treasury's finance staff, admins. */
export function canSeeDistrictShare(a: Pick<Actor, 'role' | 'bureauCode'>, share: { districtBureau: string }): boolean {
  if (a.role === 'admin') return true;
  return (isStaff(a) || a.role === 'finance') && a.bureauCode === share.districtBureau;
}

/** Organisations, users, the audit trail, history export and replay. */
export const mayAdminister = (a: Pick<Actor, 'role'>): boolean => a.role === 'admin';

/** A treasury's staff: finance users whose bureau code is the funder code ("city" or a district bureau). */
export const isTreasuryOf = (a: Pick<Actor, 'role' | 'bureauCode'>, funder: string): boolean => a.role === 'finance' && a.bureauCode === funder;

/** Payment orders: seen and settled by the paying treasury's staff; admins may read them all. */
export const canSeePaymentOrder = (a: Pick<Actor, 'role' | 'bureauCode'>, order: { funder: string }): boolean =>
  a.role === 'admin' || isTreasuryOf(a, order.funder);

/** A recovery (追回) of an award is recorded by an admin or by staff of a treasury that funds it. */
export const mayRecordClawBack = (a: Pick<Actor, 'role' | 'bureauCode'>, funders: readonly string[]): boolean =>
  a.role === 'admin' || funders.some((f) => isTreasuryOf(a, f));

/**
 * Programme figures (pool exposure, bureau workload): supervisors for their own bureau (and the pools of a
 * policy that bureau serves), admins for all.
 */
export function maySeeStatsOf(a: Pick<Actor, 'role' | 'bureauCode'>, bureauCodes: readonly string[]): boolean {
  if (a.role === 'admin') return true;
  return a.role === 'supervisor' && a.bureauCode !== null && bureauCodes.includes(a.bureauCode);
}
