import { canReadCase, canReadTask, canSeeDistrictShare, canSeePaymentOrder, canSeeTask, mayAdminister, ROLES, type Actor, type Role } from './access';

const actor = (role: Role, bureauCode: string | null = null, organisationId: string | null = null): Actor => ({
  userId: `${role}-${bureauCode ?? organisationId ?? 'x'}`,
  role,
  bureauCode,
  organisationId,
  conflictOrganisationIds: [],
});

describe('the access policy', () => {
  const applicant = actor('applicant', null, 'org-lingxi');
  const officer = actor('officer', 'stic');
  const districtOfficer = actor('officer', 'district:nanshan');
  const districtClerk = actor('finance', 'district:nanshan');
  const cityClerk = actor('finance', 'finance');
  const admin = actor('admin');

  it('lets finance staff read no case, and admins every case', () => {
    const c = { organisationId: 'org-lingxi', bureauCodes: ['stic', 'district:nanshan'] };
    expect(ROLES.filter((r) => canReadCase(actor(r, r === 'applicant' ? null : 'stic', r === 'applicant' ? 'org-lingxi' : null), c))).toEqual([
      'applicant',
      'officer',
      'supervisor',
      'admin',
    ]);
    expect(canReadCase(cityClerk, c)).toBe(false);
    expect(canReadCase(districtOfficer, c)).toBe(true);
  });

  it('shows a district’s share of a co-funded award to that district’s staff and treasury, and admins', () => {
    const share = { districtBureau: 'district:nanshan' };
    expect([applicant, officer, districtOfficer, districtClerk, cityClerk, admin].map((a) => canSeeDistrictShare(a, share))).toEqual([
      false,
      false,
      true,
      true,
      false,
      true,
    ]);
  });

  it('shows a payment order to the finance staff of its treasury only, and admins', () => {
    const order = { funder: 'district:nanshan' };
    expect([applicant, officer, districtOfficer, districtClerk, cityClerk, admin].map((a) => canSeePaymentOrder(a, order))).toEqual([
      false,
      false,
      false,
      true,
      false,
      true,
    ]);
  });

  it('lets admins read any task but act on none; staff of the task’s bureau do both', () => {
    const task = { bureauCode: 'stic' };
    expect([canReadTask(admin, task), canSeeTask(admin, task)]).toEqual([true, false]);
    expect([canReadTask(officer, task), canSeeTask(officer, task)]).toEqual([true, true]);
    expect([canReadTask(districtOfficer, task), canReadTask(cityClerk, task)]).toEqual([false, false]);
    expect(ROLES.filter((r) => mayAdminister({ role: r }))).toEqual(['admin']);
  });
});
