import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 组室 (office) or 下属事业单位 (institution) inside a unit. */
export type SubOfficeKind = 'office' | 'institution';

@Entity({ name: 'sub_offices' })
export class SubOfficeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ type: 'text' })
  kind: SubOfficeKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'integer' })
  position: number;
}
