import { peopleIn, withNames } from './people';

describe('people by name beside their ids', () => {
  const body = {
    items: [
      { id: 't1', assigneeId: 'officer-stic', completedById: null, at: new Date(0) },
      { id: 't2', assigneeId: 'cli:root', timeline: [{ actorId: 'applicant-lingxi', data: { actorId: 'not-this-one' } }] },
    ],
  };
  const names = new Map([
    ['officer-stic', '张伟'],
    ['applicant-lingxi', '陈静'],
  ]);

  it('finds every id that names a person, but not inside stored event data', () => {
    expect([...peopleIn(body)].sort()).toEqual(['applicant-lingxi', 'cli:root', 'officer-stic']);
  });

  it('puts each name beside its id, null for an id no user has, and leaves dates and data as they were', () => {
    const named = withNames(body, names);
    expect(named.items[0]).toEqual({ id: 't1', assigneeId: 'officer-stic', assigneeName: '张伟', completedById: null, completedByName: null, at: new Date(0) });
    expect(named.items[0]!.at).toBeInstanceOf(Date);
    expect(named.items[1]).toEqual({
      id: 't2',
      assigneeId: 'cli:root',
      assigneeName: null,
      timeline: [{ actorId: 'applicant-lingxi', actorName: '陈静', data: { actorId: 'not-this-one' } }],
    });
    expect(body.items[0]).not.toHaveProperty('assigneeName');
  });
});
