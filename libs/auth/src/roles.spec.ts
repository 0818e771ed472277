import { grants } from './roles';

describe('grants', () => {
  it('lets admin do everything', () => {
    expect(
      ['viewer', 'operator', 'approver', 'admin'].every((role) =>
        grants(['admin'], role as 'viewer'),
      ),
    ).toBe(true);
  });

  it('lets any role view', () => {
    expect(grants(['approver'], 'viewer')).toBe(true);
  });

  it('keeps operating and approving apart', () => {
    expect(grants(['operator'], 'approver')).toBe(false);
    expect(grants(['approver'], 'operator')).toBe(false);
  });

  it('gives a viewer nothing more', () => {
    expect(grants(['viewer'], 'operator')).toBe(false);
  });

  it('gives nothing without a role', () => {
    expect(grants([], 'viewer')).toBe(false);
  });

  it('keeps the platform operator outside every tenant', () => {
    expect(grants(['platform_operator'], 'viewer')).toBe(false);
    expect(grants(['platform_operator'], 'admin')).toBe(false);
    expect(grants(['platform_operator'], 'platform_operator')).toBe(true);
  });

  it('never lets a tenant admin act as platform operator', () => {
    expect(grants(['admin'], 'platform_operator')).toBe(false);
  });
});
