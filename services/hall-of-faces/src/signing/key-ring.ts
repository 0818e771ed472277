import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { DataSource, type EntityManager, IsNull, MoreThan, Not, type Repository } from 'typeorm';

import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { open, seal } from './sealed-box';
import { SigningKey } from './signing-key.entity';

export interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
}

const ACTIVE_KEY_CACHE_MS = 30_000;
const KEY_RING_LOCK_ID = 0x6b657973; // "keys"
/** How long a key set read may take before the last one read is served instead. */
const PUBLISHED_KEYS_READ_BUDGET_MS = 1_000;
/** Published keys outlive the last token they signed by this much, for clock skew and caches. */
const UNPUBLISH_MARGIN_SECONDS = 300;

/**
 * The issuer's RS256 keys: the active one signs, the next one is already published
 * so a rotation never surprises a verifier's cached key set, and retired ones stay
 * published until their tokens expire.
 */
@Injectable()
export class KeyRing implements OnApplicationBootstrap {
  private cached: { key: ActiveKey; until: number } | undefined;
  /** The key set as last read; served while the database cannot be read, so tokens keep verifying. */
  private lastPublished: JWK[] | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  /** Makes sure an active and a next key exist before the first request. */
  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [KEY_RING_LOCK_ID]);
      const keys = manager.getRepository(SigningKey);
      if (!(await keys.findOneBy({ activatedAt: Not(IsNull()), retiredAt: IsNull() }))) {
        await this.create(keys, new Date());
      }
      if (!(await keys.findOneBy({ activatedAt: IsNull() }))) await this.create(keys, null);
    });
    await this.publishedKeys();
  }

  async activeKey(): Promise<ActiveKey> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.key;
    const stored = await this.dataSource.getRepository(SigningKey).findOneOrFail({
      where: { activatedAt: Not(IsNull()), retiredAt: IsNull() },
      order: { activatedAt: 'DESC' },
    });
    const key = {
      kid: stored.kid,
      privateKey: createPrivateKey(open(this.config.keyEncryptionKey, stored.privateKeySealed)),
    };
    this.cached = { key, until: Date.now() + ACTIVE_KEY_CACHE_MS };
    return key;
  }

  /**
   * Retires the active key, activates the published next one and publishes a
   * new next; returns the new active kid. `alongside` runs in the same
   * transaction (e.g. the audit entry), so both happen or neither.
   */
  async rotate(
    alongside?: (kid: string, manager: EntityManager) => Promise<void>,
  ): Promise<string> {
    const activated = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [KEY_RING_LOCK_ID]);
      const keys = manager.getRepository(SigningKey);
      const now = new Date();
      const unpublishAfter = new Date(
        now.getTime() + (this.config.accessTokenTtlSeconds + UNPUBLISH_MARGIN_SECONDS) * 1000,
      );
      await keys.update(
        { activatedAt: Not(IsNull()), retiredAt: IsNull() },
        { retiredAt: now, unpublishAfter },
      );
      const next = await keys.findOneByOrFail({ activatedAt: IsNull() });
      await keys.update({ kid: next.kid }, { activatedAt: now });
      await this.create(keys, null);
      await alongside?.(next.kid, manager);
      return next.kid;
    });
    this.cached = undefined;
    await this.publishedKeys();
    return activated;
  }

  /**
   * Public keys to publish: next, active, and retired ones whose tokens may
   * still be valid. The last set read is served when the database fails or
   * does not answer within a second, so verifiers never go without keys.
   */
  async publishedKeys(): Promise<JWK[]> {
    const reading = this.readPublishedKeys();
    const known = this.lastPublished;
    if (!known) return reading;
    reading.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<JWK[]>((resolve) => {
      timer = setTimeout(() => resolve(known), PUBLISHED_KEYS_READ_BUDGET_MS);
    });
    try {
      return await Promise.race([reading.catch(() => known), budget]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async readPublishedKeys(): Promise<JWK[]> {
    const keys = await this.dataSource.getRepository(SigningKey).find({
      where: [{ unpublishAfter: IsNull() }, { unpublishAfter: MoreThan(new Date()) }],
      order: { createdAt: 'DESC' },
    });
    this.lastPublished = keys.map((key) => key.publicJwk);
    return this.lastPublished;
  }

  private async create(
    keys: Repository<SigningKey>,
    activatedAt: Date | null,
  ): Promise<SigningKey> {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(jwk);
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
    return keys.save(
      keys.create({
        kid,
        publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' },
        privateKeySealed: seal(this.config.keyEncryptionKey, Buffer.from(pem)),
        activatedAt,
        retiredAt: null,
        unpublishAfter: null,
      }),
    );
  }
}
