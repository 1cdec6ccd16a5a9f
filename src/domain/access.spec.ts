import {
  canReadCase,
  canReadDocument,
  canReadLab,
  canReadTask,
  canSeeDistrictShare,
  canSeePaymentOrder,
  canSeeTask,
  isTreasuryOf,
  mayAdminister,
  mayApplyUnder,
  mayGradeLab,
  mayRecordClawBack,
  maySeeStatsOf,
  ROLES,
  type Actor,
  type Role,
} from './access';

const actor = (role: Role, bureauCode: string | null = null, organisationId: string | null = null, jurisdictionId = 'shenzhen'): Actor => ({
  userId: `${role}-${jurisdictionId}-${bureauCode ?? organisationId ?? 'x'}`,
  role,
  bureauCode,
  organisationId,
  jurisdictionId,
  conflictOrganisationIds: [],
});

describe('the access policy', () => {
  const applicant = actor('applicant', null, 'org-lingxi');
  const officer = actor('officer', 'stic');
  const districtOfficer = actor('officer', 'district:nanshan');
  const districtClerk = actor('finance', 'district:nanshan');
  const cityClerk = actor('finance', 'city');
  const admin = actor('admin');
  // Nantong's staff, with the same codes where a code means "this city's" (its city treasury, a bureau named alike).
  const nantongCityClerk = actor('finance', 'city', null, 'nantong');
  const nantongOfficer = actor('officer', 'stic', null, 'nantong');
  const nantongSupervisor = actor('supervisor', 'stic', null, 'nantong');
  const nantongApplicant = actor('applicant', null, 'org-lingxi', 'nantong');

  it('lets finance staff read no case, and admins every case', () => {
    const c = { jurisdictionId: 'shenzhen', organisationId: 'org-lingxi', bureauCodes: ['stic', 'district:nanshan'] };
    expect(ROLES.filter((r) => canReadCase(actor(r, r === 'applicant' ? null : 'stic', r === 'applicant' ? 'org-lingxi' : null), c))).toEqual([
      'applicant',
      'officer',
      'supervisor',
      'admin',
    ]);
    expect(canReadCase(cityClerk, c)).toBe(false);
    expect(canReadCase(districtOfficer, c)).toBe(true);
  });

  it('shows a case of one city to nobody of another, whatever their codes, but to every admin', () => {
    const c = { jurisdictionId: 'shenzhen', organisationId: 'org-lingxi', bureauCodes: ['stic'] };
    expect([nantongOfficer, nantongSupervisor, nantongApplicant].map((a) => canReadCase(a, c))).toEqual([false, false, false]);
    expect(canReadCase(actor('admin', null, null, 'nantong'), c)).toBe(true);
  });

  it('shows a district’s share of a co-funded award to that district’s staff and treasury, and admins', () => {
    const share = { jurisdictionId: 'shenzhen', districtBureau: 'district:nanshan' };
    expect([applicant, officer, districtOfficer, districtClerk, cityClerk, admin].map((a) => canSeeDistrictShare(a, share))).toEqual([
      false,
      false,
      true,
      true,
      false,
      true,
    ]);
    expect(canSeeDistrictShare(actor('finance', 'district:nanshan', null, 'nantong'), share)).toBe(false);
  });

  it('shows a payment order to the finance staff of its treasury only, and admins', () => {
    const order = { jurisdictionId: 'shenzhen', funder: 'district:nanshan' };
    expect([applicant, officer, districtOfficer, districtClerk, cityClerk, admin].map((a) => canSeePaymentOrder(a, order))).toEqual([
      false,
      false,
      false,
      true,
      false,
      true,
    ]);
  });

  it('keeps each city treasury to its own city: `city` of Shenzhen is not `city` of Nantong', () => {
    const shenzhenOrder = { jurisdictionId: 'shenzhen', funder: 'city' };
    const nantongOrder = { jurisdictionId: 'nantong', funder: 'city' };
    expect([canSeePaymentOrder(cityClerk, shenzhenOrder), canSeePaymentOrder(cityClerk, nantongOrder)]).toEqual([true, false]);
    expect([isTreasuryOf(nantongCityClerk, shenzhenOrder), isTreasuryOf(nantongCityClerk, nantongOrder)]).toEqual([false, true]);
    expect(mayRecordClawBack(cityClerk, { jurisdictionId: 'nantong', funders: ['city'] })).toBe(false);
    expect(mayRecordClawBack(nantongCityClerk, { jurisdictionId: 'nantong', funders: ['city'] })).toBe(true);
    expect(mayRecordClawBack(admin, { jurisdictionId: 'nantong', funders: ['city'] })).toBe(true);
  });

  it('lets admins read any task but act on none; staff of the task’s bureau do both', () => {
    const task = { jurisdictionId: 'shenzhen', bureauCode: 'stic' };
    expect([canReadTask(admin, task), canSeeTask(admin, task)]).toEqual([true, false]);
    expect([canReadTask(officer, task), canSeeTask(officer, task)]).toEqual([true, true]);
    expect([canReadTask(districtOfficer, task), canReadTask(cityClerk, task)]).toEqual([false, false]);
    expect([canReadTask(nantongOfficer, task), canSeeTask(nantongSupervisor, task)]).toEqual([false, false]);
    expect(ROLES.filter((r) => mayAdminister({ role: r }))).toEqual(['admin']);
  });

  it('keeps documents, labs and figures within their city', () => {
    const doc = { jurisdictionId: 'shenzhen', organisationId: 'org-lingxi', caseBureauCodes: ['stic'] };
    expect([canReadDocument(applicant, doc), canReadDocument(officer, doc), canReadDocument(nantongOfficer, doc)]).toEqual([true, true, false]);
    expect(canReadDocument(nantongApplicant, doc)).toBe(false);
    const lab = { jurisdictionId: 'shenzhen', organisationId: 'org-lingxi', bureauCode: 'stic' };
    expect([canReadLab(officer, lab), canReadLab(nantongOfficer, lab), canReadLab(admin, lab)]).toEqual([true, false, true]);
    expect([mayGradeLab(officer, lab), mayGradeLab(nantongOfficer, lab)]).toEqual([true, false]);
    const pack = { jurisdictionId: 'shenzhen', bureauCodes: ['stic'] };
    expect([maySeeStatsOf(actor('supervisor', 'stic'), pack), maySeeStatsOf(nantongSupervisor, pack), maySeeStatsOf(admin, pack)]).toEqual([true, false, true]);
  });

  it('lets an applicant apply under its own city’s packs only', () => {
    expect([mayApplyUnder(applicant, { jurisdictionId: 'shenzhen' }), mayApplyUnder(applicant, { jurisdictionId: 'nantong' })]).toEqual([true, false]);
    expect(mayApplyUnder(officer, { jurisdictionId: 'shenzhen' })).toBe(false);
  });
});
