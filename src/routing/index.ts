/** The pure routing engine: snapshot, engine, simulator. Everything other layers may use is here. */
export type { CallEvent, CallEventType, LegFailureEvent } from './call-event.ts';
export type { CallFacts, CallerId, CallerPresentationFact } from './call-facts.ts';
export type {
  AnnouncementProgress,
  CallNumberRef,
  CallPhase,
  CallState,
  LegStatus,
  MenuProgress,
  QueueLegState,
  QueueProgress,
  RingLegState,
  RingProgress,
  Running,
} from './call-state.ts';
export type { QueueMemberView, QueueView } from './queue-view.ts';
export { idleQueueView } from './queue-view.ts';
export { QueueBook } from './queue-book.ts';
export type { CompiledNumber, CompiledOrganization, OrganizationConfig } from './compiled-organization.ts';
export type { CompiledHangup, CompiledRing, CompiledTarget, TargetPath, TargetPathSegment } from './compiled-target.ts';
export type { Decision } from './decision.ts';
export { next, start, startTarget } from './engine.ts';
export { sipStatusFor } from './hangup-step.ts';
export { RoutingError, type RoutingErrorCode } from './routing-error.ts';
export type {
  Behaviour,
  QueueMemberScript,
  QueueScript,
  SimulationOptions,
  SimulationOutcome,
  SimulationResult,
  SimulationTraceEntry,
  TimelineEntry,
  TimelineEvent,
} from './simulation.ts';
export { simulate } from './simulator.ts';
export { TimelineRecorder, type TimelineFact } from './timeline-recorder.ts';
export { legRefusal } from './leg-guard.ts';
export { buildSnapshot, emptySnapshot, type RoutingSnapshot } from './snapshot.ts';
export type {
  AnswerStep,
  DigitCollection,
  JoinQueueStep,
  LeaveQueueStep,
  PlayId,
  PlayStep,
  QueueOutcome,
  WatchQueueStep,
  WhisperStep,
  CancelReason,
  CancelStep,
  CancelTimerStep,
  ConnectStep,
  HangupStep,
  LegId,
  LegSpec,
  RejectReason,
  RejectStep,
  RingStep,
  StartTimerStep,
  Step,
  StepType,
  TimerId,
} from './step.ts';
export type { TraceCode, TraceEntry } from './trace-entry.ts';
