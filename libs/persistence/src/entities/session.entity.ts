import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A sign-in: a short-lived access token and a rotating refresh token, both revoked with the session.
 * Only the SHA-256 of each token is stored.
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'access_token_hash', type: 'text', unique: true })
  accessTokenHash: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'access_expires_at', type: 'timestamptz' })
  accessExpiresAt: Date;

  /** Null only for sessions signed in before refresh tokens existed. */
  @Column({ name: 'refresh_token_hash', type: 'text', unique: true, nullable: true })
  refreshTokenHash: string | null;

  /** The session's absolute end: rotation hands out new refresh tokens, never a longer session. */
  @Column({ name: 'refresh_expires_at', type: 'timestamptz' })
  refreshExpiresAt: Date;

  /** Last request seen, written at most once a minute; the idle timeout counts from it. */
  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** 'logout', 'refresh_reused', 'password_changed'. */
  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: string | null;

  /** Refresh tokens already rotated away, newest first; presenting one again revokes the session. */
  @Column({ name: 'rotated_refresh_hashes', type: 'text', array: true, default: () => `'{}'` })
  rotatedRefreshHashes: string[];

  @Column({ name: 'source_address', type: 'text', nullable: true })
  sourceAddress: string | null;
}
