import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../data-source';

/** Runs work in one database transaction. Everything inside must use the handle it is given. */
@Injectable()
export class Transactor {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A handle outside any transaction, for single reads. */
  get manager(): Tx {
    return this.dataSource.manager;
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
