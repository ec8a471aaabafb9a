/** What the app tells the manager. */
export abstract class ManagerOptions {
  /** Sandbox mode: the page shows the simulated phones' panel (the control API at /sandbox). */
  abstract readonly sandbox: boolean;
  /** Where the built page is (default: found next to this library's build, see `managerAssetsDir`). */
  abstract readonly assetsDir?: string;
}
