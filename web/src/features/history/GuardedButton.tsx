// A button for an action the user may not be allowed to do: when not allowed it stays focusable
// but does nothing, and says why in a tooltip and to screen readers (the server's own rule).
import { Button, type ButtonProps, Tooltip, VisuallyHidden } from '@mantine/core';
import { useId } from '@mantine/hooks';
import type { MouseEventHandler, ReactNode } from 'react';

/**
 * A Button that is disabled with a reason: `whyNot` (from `whyNot(user, action, key)`) is shown on
 * hover, focus and touch; undefined means allowed.
 *
 * @example
 * <GuardedButton whyNot={whyNot(user, 'publish', 'hack/')} onClick={restore}>Restore</GuardedButton>
 */
export function GuardedButton({
  whyNot,
  onClick,
  children,
  'aria-label': ariaLabel,
  ...props
}: ButtonProps & {
  whyNot: string | undefined;
  onClick?: MouseEventHandler<HTMLButtonElement>;
  children: ReactNode;
  'aria-label'?: string;
}) {
  const reasonId = useId();
  if (whyNot === undefined)
    return (
      <Button {...props} aria-label={ariaLabel} onClick={onClick}>
        {children}
      </Button>
    );
  return (
    <>
      <Tooltip label={whyNot} multiline maw={320} events={{ hover: true, focus: true, touch: true }}>
        <Button
          {...props}
          aria-label={ariaLabel}
          data-disabled
          aria-disabled="true"
          aria-describedby={reasonId}
          onClick={(event) => event.preventDefault()}
        >
          {children}
        </Button>
      </Tooltip>
      <VisuallyHidden id={reasonId}>{whyNot}</VisuallyHidden>
    </>
  );
}
