// The one access policy: who may read or act on a case or a review task, by jurisdiction × role ×
// bureau × organisation × declared conflict. Controllers, services and the case machine's checks all
// ask it, so a rule is written once. Pure: callers pass what they loaded.
//
// A jurisdiction is a city with its districts, as its packs declare it. Bureau, district and treasury
// codes are unique within one only: `city` is each city's own treasury, so every rule below compares the
// jurisdiction before the code. Officers of a district government are officers whose bureau is the
// district's (`district:nanshan`); finance staff belong to a treasury, named by its funder code (`city`
// or a district's bureau code) within their jurisdiction. Admins run the service for every jurisdiction.
// Whatever a caller may not read answers exactly as if it did not exist.

export type Role = 'applicant' | 'officer' | 'supervisor' | 'finance' | 'admin';
export const ROLES: readonly Role[] = ['applicant', 'officer', 'supervisor', 'finance', 'admin'];

/** Who is calling, as loaded from the database for every request (a token alone grants nothing stale). */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  organisationId: string | null;
  bureauCode: string | null;
  /** The city the user belongs to: staff's bureau or treasury is its, an applicant's organisation too. */
  jurisdictionId: string;
}

/** The caller as every layer sees it; officers carry the organisations they declared a conflict with. */
export interface Actor {
  userId: string;
  role: Role;
  bureauCode: string | null;
  organisationId: string | null;
  jurisdictionId: string;
  conflictOrganisationIds: string[];
}

/** Anything that belongs to one jurisdiction: a pack, case, task, order, lab, document. */
export interface InJurisdiction {
  jurisdictionId: string;
}

/** Whether the caller and the thing are of one city (codes mean nothing across cities). */
export const sameJurisdiction = (a: Pick<Actor, 'jurisdictionId'>, x: InJurisdiction): boolean => a.jurisdictionId === x.jurisdictionId;

/** What the policy needs to know of a case. */
export interface CaseScope extends InJurisdiction {
  organisationId: string;
  /** Every bureau that has (or had) a review task on the case. */
  bureauCodes: readonly string[];
}

export const isStaff = (a: Pick<Actor, 'role'>): boolean => a.role === 'officer' || a.role === 'supervisor';

/**
 * Officers and supervisors of a bureau of their own jurisdiction. Inside one case's or lab's workflow
 * every task is of that case's jurisdiction and the API admitted the caller by `canSeeTask` first, so the
 * machine compares the bureau alone.
 */
export const isStaffOf = (a: Pick<Actor, 'role' | 'bureauCode'>, bureauCode: string): boolean => isStaff(a) && a.bureauCode === bureauCode;

/** The applicant organisation itself. */
export const isApplicantOf = (a: Pick<Actor, 'role' | 'organisationId'>, organisationId: string): boolean =>
  a.role === 'applicant' && a.organisationId !== null && a.organisationId === organisationId;

/** Whether a case may be read at all: its organisation, the bureaus (of its city) it was routed to, admins. */
export function canReadCase(a: Pick<Actor, 'role' | 'organisationId' | 'bureauCode' | 'jurisdictionId'>, c: CaseScope): boolean {
  // Admins read every city's cases; anyone else only their own city's.
  if (a.role !== 'admin' && !sameJurisdiction(a, c)) return false;
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

/** A review task: its bureau, within its case's jurisdiction. */
export interface TaskScope extends InJurisdiction {
  bureauCode: string;
}

/** Whether a review task may be seen (inbox, detail) or acted on: staff of its bureau of its city only. */
export const canSeeTask = (a: Pick<Actor, 'role' | 'bureauCode' | 'jurisdictionId'>, task: TaskScope): boolean =>
  sameJurisdiction(a, task) && isStaffOf(a, task.bureauCode);

/** Reading a task's detail: its bureau's staff, and admins (who read everything but act on no task). */
export const canReadTask = (a: Pick<Actor, 'role' | 'bureauCode' | 'jurisdictionId'>, task: TaskScope): boolean => a.role === 'admin' || canSeeTask(a, task);

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

/** What the policy needs to know of an uploaded document (its jurisdiction is its organisation's). */
export interface DocumentScope extends InJurisdiction {
  organisationId: string;
  /** The bureaus with a review task on a case whose form names the document. */
  caseBureauCodes: readonly string[];
}

/**
 * An evidence file: its own organisation's applicants, and the staff of the bureaus reviewing a case
 * that names it. Nobody else, admins included: the file is the applicant's, not the programme's.
 */
export function canReadDocument(a: Pick<Actor, 'role' | 'organisationId' | 'bureauCode' | 'jurisdictionId'>, d: DocumentScope): boolean {
  if (!sameJurisdiction(a, d)) return false;
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

/**
 * Applying under a pack: applicants of an organisation of the pack's jurisdiction. An organisation is
 * registered in one city and applies under that city's policies (another city's programme funds its own
 * enterprises; an enterprise active in two cities registers its branch there as an organisation).
 */
export const mayApplyUnder = (a: Pick<Actor, 'role' | 'jurisdictionId'>, pack: InJurisdiction): boolean => a.role === 'applicant' && sameJurisdiction(a, pack);

/** A key lab: its organisation and the bureau that evaluates it, within the lab's pack's jurisdiction. */
export interface LabScope extends InJurisdiction {
  organisationId: string;
  bureauCode: string;
}

/** Grading a key lab's evaluation: officers and supervisors of the bureau (of its city) that evaluates it. */
export const mayGradeLab = (a: Pick<Actor, 'role' | 'bureauCode' | 'jurisdictionId'>, lab: Omit<LabScope, 'organisationId'>): boolean =>
  (a.role === 'officer' || a.role === 'supervisor') && canSeeTask(a, lab);

/** A key lab's history: the lab's own organisation, the bureau that evaluates it, admins. */
export function canReadLab(a: Pick<Actor, 'role' | 'organisationId' | 'bureauCode' | 'jurisdictionId'>, lab: LabScope): boolean {
  if (a.role !== 'admin' && !sameJurisdiction(a, lab)) return false;
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
export function canSeeDistrictShare(a: Pick<Actor, 'role' | 'bureauCode' | 'jurisdictionId'>, share: InJurisdiction & { districtBureau: string }): boolean {
  if (a.role === 'admin') return true;
  return sameJurisdiction(a, share) && (isStaff(a) || a.role === 'finance') && a.bureauCode === share.districtBureau;
}

/** A policy's budget pools (totals, held, available): its own city's officers, supervisors and treasury staff, admins. */
export const maySeePoolsOf = (a: Pick<Actor, 'role' | 'jurisdictionId'>, pack: InJurisdiction): boolean =>
  a.role === 'admin' || (a.role !== 'applicant' && sameJurisdiction(a, pack));

/** Organisations, users, the audit trail, history export and replay. */
export const mayAdminister = (a: Pick<Actor, 'role'>): boolean => a.role === 'admin';

/** A treasury: a funder code ("city" or a district bureau) within a jurisdiction. */
export interface TreasuryScope extends InJurisdiction {
  funder: string;
}

/** A treasury's staff: finance users of its jurisdiction whose bureau code is the funder code. */
export const isTreasuryOf = (a: Pick<Actor, 'role' | 'bureauCode' | 'jurisdictionId'>, t: TreasuryScope): boolean =>
  a.role === 'finance' && sameJurisdiction(a, t) && a.bureauCode === t.funder;

/** Payment orders: seen and settled by the paying treasury's staff; admins may read them all. */
export const canSeePaymentOrder = (a: Pick<Actor, 'role' | 'bureauCode' | 'jurisdictionId'>, order: TreasuryScope): boolean =>
  a.role === 'admin' || isTreasuryOf(a, order);

/** A recovery (追回) of an award is recorded by an admin or by staff of a treasury (of the case's city) that funds it. */
export const mayRecordClawBack = (a: Pick<Actor, 'role' | 'bureauCode' | 'jurisdictionId'>, award: InJurisdiction & { funders: readonly string[] }): boolean =>
  a.role === 'admin' || award.funders.some((funder) => isTreasuryOf(a, { jurisdictionId: award.jurisdictionId, funder }));

/**
 * Programme figures (pool exposure, bureau workload): supervisors for their own bureau (and the pools of a
 * policy of their city that bureau serves), admins for all.
 */
export function maySeeStatsOf(a: Pick<Actor, 'role' | 'bureauCode' | 'jurisdictionId'>, scope: InJurisdiction & { bureauCodes: readonly string[] }): boolean {
  if (a.role === 'admin') return true;
  return a.role === 'supervisor' && sameJurisdiction(a, scope) && a.bureauCode !== null && scope.bureauCodes.includes(a.bureauCode);
}
