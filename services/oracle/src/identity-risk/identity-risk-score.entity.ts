import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An account's sign-in risk points at `points_at`; read decayed to now (detectors/risk-score). */
@Entity({ name: 'identity_risks' })
export class IdentityRiskScore {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_identity_risks',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', {
    name: 'identity_urn',
    length: 512,
    primaryKeyConstraintName: 'pk_identity_risks',
  })
  identityUrn!: string;

  @Column('double precision')
  points!: number;

  @Column('timestamptz', { name: 'points_at' })
  pointsAt!: Date;

  @Column('integer')
  signals!: number;

  @Column('jsonb')
  kinds!: string[];

  @Column('timestamptz', { name: 'last_signal_at' })
  lastSignalAt!: Date;
}
