import { ControlStatus, HardenedContainer, HardeningSummary, LogDriver } from '../../lib';
import { IMAGE, newStack } from '../util';

const statusOf = (c: HardenedContainer, id: string) => c.controls.find((k) => k.id === id)!;

describe('controls never claim more than is enforced', () => {
  test('a numeric non-root user is enforced; a named user is partial (its uid is only known in the image)', () => {
    const stack = newStack();
    expect(statusOf(new HardenedContainer(stack, 'a', { image: IMAGE, user: '1500:1500' }), 'non-root-user').status).toBe(ControlStatus.ENFORCED);
    const named = statusOf(new HardenedContainer(stack, 'b', { image: IMAGE, user: 'app:app' }), 'non-root-user');
    expect(named.status).toBe(ControlStatus.PARTIAL);
    expect(named.detail).toMatch(/only known inside the image/);
  });

  test('the process limit is partial for non-root and not applied for uid 0', () => {
    const stack = newStack();
    expect(statusOf(new HardenedContainer(stack, 'a', { image: IMAGE }), 'process-limit').status).toBe(ControlStatus.PARTIAL);
    const root = new HardenedContainer(stack, 'r', { image: IMAGE, user: '0:0', optOuts: { rootUser: { justification: 'test: root process limit' } } });
    expect(statusOf(root, 'process-limit')).toMatchObject({ status: ControlStatus.NOT_CONFIGURED, detail: expect.stringMatching(/NOT applied/) });
    expect(statusOf(root, 'non-root-user').status).toBe(ControlStatus.OPTED_OUT);
  });

  test('remote log drivers are partial', () => {
    const c = new HardenedContainer(newStack(), 'a', { image: IMAGE, logging: { driver: LogDriver.SYSLOG } });
    expect(statusOf(c, 'log-rotation').status).toBe(ControlStatus.PARTIAL);
  });

  test('the summary counts every control of every container once', () => {
    const stack = newStack();
    new HardenedContainer(stack, 'a', { image: IMAGE });
    new HardenedContainer(stack, 'b', { image: IMAGE, optOuts: { writableRootFilesystem: { justification: 'test: one opt-out' } } });
    const summary = HardeningSummary.of(stack);
    const counts = summary.countByStatus();
    expect(Object.values(counts).reduce((x, y) => x + y, 0)).toBe(2 * summary.containers[0].controls.length);
    expect(counts['opted-out']).toBe(1);
    expect(summary.toText()).toContain('accepted risk (optOuts.writableRootFilesystem): "test: one opt-out"');
  });
});
