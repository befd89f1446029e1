/**
 * locationKey decides whether two records name one item, so that deleting one never destroys
 * the other's file or row (review round 3: other spellings slipped past the shared-location guard).
 */
import { describe, expect, it } from 'vitest';
import { locationKey } from '../src/location.js';

describe('locationKey', () => {
  it.each([
    ['records:client-101/photo.txt', 'records:client-101/./photo.txt'],
    ['records:client-101/photo.txt', 'records:client-101//photo.txt'],
    ['records:client-101/photo.txt', 'records:./client-101/photo.txt'],
    ['records:client-101/photo.txt', 'records:client-101/../client-101/photo.txt'],
    ['records:client-101/photo.txt', 'records:/client-101/photo.txt'],
    ['records:client-101/photo.txt', 'records:Client-101/Photo.txt'],
    ['crm:5', 'crm:05'],
    ['crm:6', 'crm:6.0'],
    ['crm:8', 'crm:0x8'],
    ['crm:7', 'crm: 7'],
  ])('takes %s and %s to be one item', (a, b) => {
    expect(locationKey(b)).toBe(locationKey(a));
  });

  it('keeps different items and different targets apart', () => {
    expect(locationKey('records:client-101/photo.txt')).not.toBe(locationKey('records:client-102/photo.txt'));
    expect(locationKey('crm:5')).not.toBe(locationKey('crm:6'));
    expect(locationKey('crm:5')).not.toBe(locationKey('visits:5'));
    expect(locationKey('no-colon')).toBeNull();
  });
});
