import { clientAddressBucket } from './client-address';

describe('clientAddressBucket', () => {
  it('counts an IPv4 client by its address, also when it arrives IPv4-mapped', () => {
    expect(clientAddressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of one IPv6 /64 as one client', () => {
    const bucket = clientAddressBucket('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(bucket).toBe('2001:db8:1:2::/64');
    expect(clientAddressBucket('2001:0db8:0001:0002::1')).toBe(bucket);
    expect(clientAddressBucket('2001:db8:1:2::ffff:1.2.3.4')).toBe(bucket);
    expect(clientAddressBucket('2001:db8:1:3::1')).not.toBe(bucket);
  });

  it('expands a short IPv6 form and drops a zone', () => {
    expect(clientAddressBucket('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
