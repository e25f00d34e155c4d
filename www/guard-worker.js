// The demo's guard worker: the package's worker side, nothing else.
import { serveGuard } from "/pkg/worker.js";

serveGuard();
