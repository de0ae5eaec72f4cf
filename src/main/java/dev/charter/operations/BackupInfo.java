package dev.charter.operations;

import java.time.Instant;

/**
 * One encrypted backup file. Its name says when it was made and nothing about who is in it.
 *
 * @param fileName  the file's name in the backup folder
 * @param createdAt when the snapshot was taken
 * @param expiresAt when the sweeper deletes it (30 days after it was made)
 * @param sizeBytes the encrypted file's size
 * @param tables    how many tables it holds
 * @param rows      how many rows in all
 */
public record BackupInfo(String fileName, Instant createdAt, Instant expiresAt, long sizeBytes, int tables, long rows) {}
