// Test files run workers; their INFO logs (state changes, bundle stats) drown the test output.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process by an earlier file: keep it.
}
