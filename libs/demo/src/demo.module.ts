import { Module } from '@nestjs/common';
import { DemoCasePreloader } from './demo-case.preloader';
import { DemoSeeder } from './demo.seeder';

@Module({ providers: [DemoSeeder, DemoCasePreloader], exports: [DemoSeeder] })
export class DemoModule {}
