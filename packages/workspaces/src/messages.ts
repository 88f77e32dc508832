/** A person whose membership of the selected workspace ended (or never began). */
export function notAMemberMessage(): string {
  return "You are not a member of this workspace (anymore). Pick another one in the workspace switcher.";
}
