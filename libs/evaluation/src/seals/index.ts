export * from './png-image';
export * from './seal-keyring';
export * from './seal-signer';
export * from './sm2';
export * from './unit-seal.service';
export * from './seal-verification.service';
