import { Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'campaign_units' })
export class CampaignUnitEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;
}
