/** English wording for the safety limits and checks (errors by `detail.reason`, the plain-http confirmation). */
export const securityEn = {
  'keys.addHub.insecureWarning':
    'This address uses plain http to another computer: your keys would cross the network unencrypted, readable by anyone on the way (public Wi-Fi, a proxy, your provider).',
  'keys.addHub.insecureConfirm': 'I understand; send keys to this hub over plain http anyway',
  'playground.code.large': 'large, shown without colours',
  'keys.hub.insecure': 'Plain http: keys are sent unencrypted',
  'keys.gen.waitingLeft': 'Waiting {time} · {left} left · checked {attempts} time(s)',
  'keys.gen.noDecline': 'If you declined in the browser, the hub does not tell the app. Press Cancel to stop waiting.',
  'error.insecureHttp':
    '{host} is addressed over plain http: your keys would cross the network unencrypted. Use https, or tick the box to accept the risk.',
  'error.redirectDowngrade':
    '{host} redirected from https to an unencrypted address ({target}). The app refused, so your keys are not sent in the clear. Check the address, or ask the hub’s owner.',
  'error.redirectCrossOrigin':
    '{host} redirected to another site ({target}). The app did not follow it; if the hub really lives there, enter that address instead.',
  'error.tooManyRedirects': '{host} redirected too many times. Check the address.',
  'error.redirectInvalid': '{host} redirected to an address that is not valid. Check the address.',
  'error.sessionEnded':
    'The approval request ended on the hub without a key (declined, expired or already used, or the hub restarted). Nothing was saved; start again when you are ready.',
  'error.approvalTimedOut':
    'No approval arrived within {minutes} minutes, so the request was stopped. A hub does not tell the app when a request is declined. Start again when you are ready.',
  'error.answerTooLong': 'The answer grew past {maxChars} characters, so it was stopped. The text received so far is kept.',
  'error.sseLineTooLong':
    'The hub sent one line far too long without ending it, so the answer was stopped. The text received so far is kept.',
  'error.streamTooLarge': 'The hub sent far more data than one answer needs, so it was stopped. The text received so far is kept.',
  'error.deadline': 'The answer took longer than {minutes} minutes in all, so it was stopped. The text received so far is kept.',
  'error.imageTooLarge': 'The generated image is too large to download. Try a smaller size.',
  'error.usageTooManyRecords':
    'The hub reports {reported} calls in this period, more than the app reads at once ({read} were read and kept). Pick a shorter period.',
  'error.tooLarge': 'The request is too large to send. Shorten it and try again.',
  'error.tooLong': 'The request holds a list that is too long. Shorten it and try again.',
  'error.tooDeep': 'The request is nested too deeply.',
  'error.tooManyKeys': 'The request holds an object with too many fields.',
  'error.sparseArray': 'The request holds a list with gaps.',
  'error.unknownChannel': 'The app asked for something it does not offer. Restart the app.',
} as const;
