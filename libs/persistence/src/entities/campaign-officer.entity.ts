import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A finance officer bound to a campaign: they see and act on the units it covers. */
@Entity({ name: 'campaign_officers' })
export class CampaignOfficerEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
