import { describe, expect, it } from 'vitest';

import {
  isValidTimeZone,
  offsetMinutes,
  utcToWallTime,
  wallTimeToUtc,
  zoneOffsetMinutes,
} from '../../components/zones';
import { formatInZone, formatUtc } from './zones';

describe('time zones', () => {
  it('accepts IANA zones and fixed offsets, as the server does', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('+01:00')).toBe(true);
    expect(isValidTimeZone('-05:30')).toBe(true);
    expect(isValidTimeZone('Mars/Base')).toBe(false);
    expect(isValidTimeZone('+1')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('reads offsets', () => {
    expect(offsetMinutes('+05:30')).toBe(330);
    expect(offsetMinutes('-03:00')).toBe(-180);
    expect(offsetMinutes('Europe/Paris')).toBeNull();
  });

  it('knows a zone’s offset at an instant, across daylight saving', () => {
    expect(zoneOffsetMinutes('Europe/London', Date.parse('2026-01-15T12:00:00Z'))).toBe(0);
    expect(zoneOffsetMinutes('Europe/London', Date.parse('2026-07-15T12:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('America/New_York', Date.parse('2026-07-15T12:00:00Z'))).toBe(-240);
  });

  it('reads a wall-clock time in the recorder’s zone, not the browser’s', () => {
    expect(wallTimeToUtc('2026-07-15T14:05', 'Europe/London')).toBe('2026-07-15T13:05:00.000Z');
    expect(wallTimeToUtc('2026-01-15T14:05', 'Europe/London')).toBe('2026-01-15T14:05:00.000Z');
    expect(wallTimeToUtc('2026-07-15T14:05', 'Asia/Kolkata')).toBe('2026-07-15T08:35:00.000Z');
    expect(wallTimeToUtc('2026-07-15T14:05', '-05:00')).toBe('2026-07-15T19:05:00.000Z');
    // The hour after the spring change in Berlin (02:30 does not exist; 03:30 CEST does).
    expect(wallTimeToUtc('2026-03-29T03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(wallTimeToUtc('', 'UTC')).toBeUndefined();
    expect(wallTimeToUtc('2026-07-15T14:05', 'Mars/Base')).toBeUndefined();
  });

  it('round-trips an instant through a zone’s wall clock', () => {
    expect(utcToWallTime('2026-07-15T13:05:00Z', 'Europe/London')).toBe('2026-07-15T14:05');
    expect(wallTimeToUtc(utcToWallTime('2026-11-29T04:40:00Z', 'Australia/Sydney'), 'Australia/Sydney')).toBe(
      '2026-11-29T04:40:00.000Z',
    );
  });

  it('shows a time in the recorder’s zone with its offset, and in UTC', () => {
    expect(formatInZone('2026-07-15T13:05:09Z', 'Europe/Berlin')).toBe('2026-07-15 15:05:09 Europe/Berlin (UTC+02:00)');
    expect(formatInZone('2026-07-15T13:05:09Z', '-05:30')).toBe('2026-07-15 07:35:09 UTC-05:30');
    expect(formatInZone('2026-07-15T13:05:09Z', 'UTC')).toBe('2026-07-15 13:05:09 UTC');
    expect(formatInZone('2026-07-15T13:05:09Z', 'Mars/Base')).toBe('2026-07-15 13:05:09 UTC');
    expect(formatUtc('2026-07-15T13:05:09.123456Z')).toBe('2026-07-15 13:05:09 UTC');
  });
});
