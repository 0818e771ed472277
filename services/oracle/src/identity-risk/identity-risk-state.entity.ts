import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The detectors' memory (detectors/detect-sign-ins): per account `identity|<urn>`, per address
 * `ip|<source>|<ip>`, per directory `source|<source>`; plain JSON, moved forward in the
 * transaction that handles the sign-ins.
 */
@Entity({ name: 'identity_risk_states' })
export class IdentityRiskState {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_identity_risk_states',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', { length: 700, primaryKeyConstraintName: 'pk_identity_risk_states' })
  key!: string;

  @Column('jsonb')
  state!: unknown;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
