// The sign-in form: user name and password, the server's refusal shown as it says it.
import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useSignIn } from './useSession';

export function SignInPage() {
  const signIn = useSignIn();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="lg" w={360} maw="100%" component="main">
        <form
          aria-label="Sign in"
          onSubmit={(event) => {
            event.preventDefault();
            signIn.mutate({ user, password });
          }}
        >
          <Stack gap="sm">
            <Title order={1} size="h3">
              Sign in to Setpoint
            </Title>
            <TextInput
              label="User name"
              name="user"
              autoComplete="username"
              required
              autoFocus
              value={user}
              onChange={(event) => setUser(event.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            {signIn.error !== null && (
              <Alert color="red" role="alert" title="Not signed in">
                {signIn.error.message}
              </Alert>
            )}
            <Button type="submit" size="sm" loading={signIn.isPending}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
