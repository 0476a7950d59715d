// Kept for the shell's badge, which reads the same helpers the Keys data layer uses.
export { userTimeZone, hygieneSettingsKey } from '../../store/hygiene-settings';
export { onHygieneSettingsChange } from '../../store';
