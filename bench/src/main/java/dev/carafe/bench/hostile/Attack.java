package dev.carafe.bench.hostile;

/** One hostile client's behaviour against a target; it ends by itself within its budget. */
interface Attack {
  /** Runs the attack and tells what the target did. */
  Outcome run(Context context) throws Exception;
}
