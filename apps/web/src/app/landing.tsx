import { AudioLines, Bot, PhoneCall, Wrench } from 'lucide-react';
import Link from 'next/link';
import { Logo } from '@/components/logo';
import { Button } from '@/components/ui/button';

const FEATURES = [
  {
    icon: Bot,
    title: 'Agents from templates',
    text: 'Customer support with hand-off, appointment booking, order status, lead qualification: start from one and change the prompt, voice and greeting.',
  },
  {
    icon: Wrench,
    title: 'Tools that do the work',
    text: 'Google Calendar, your own HTTP APIs (by hand or from an OpenAPI document) and call control: the agent books, looks up and transfers.',
  },
  {
    icon: PhoneCall,
    title: 'Web calls and phone numbers',
    text: 'Try an agent in the browser, then connect a phone number. Every call is kept with its transcript and tool calls.',
  },
  {
    icon: AudioLines,
    title: 'Your models, your servers',
    text: 'Gemini Live, OpenAI Realtime or any OpenAI-compatible server, on infrastructure you own, with credits and limits per organization.',
  },
];

/** What Switchboard is, for someone who is not signed in. */
export function Landing() {
  return (
    <div className="min-h-dvh bg-gradient-to-b from-primary-soft/60 to-background">
      <header className="mx-auto flex max-w-5xl items-center justify-between px-4 py-4 sm:px-8">
        <Logo className="text-lg" />
        <nav className="flex items-center gap-2" aria-label="Account">
          <Button asChild variant="ghost">
            <Link href="/sign-in">Sign in</Link>
          </Button>
          <Button asChild>
            <Link href="/sign-up">Sign up</Link>
          </Button>
        </nav>
      </header>
      <main className="mx-auto grid max-w-5xl gap-12 px-4 pb-16 pt-10 sm:px-8 sm:pt-16">
        <section className="grid max-w-2xl gap-5">
          <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">
            AI voice agents that answer your calls
          </h1>
          <p className="text-lg text-muted">
            Switchboard is where your team builds, tries and runs voice agents: write a prompt, give the agent
            tools, chat or talk to it in seconds, then put it on a phone number.
          </p>
          <div className="flex flex-wrap gap-3">
            <Button asChild size="lg">
              <Link href="/sign-up">Create an account</Link>
            </Button>
            <Button asChild size="lg" variant="outline">
              <Link href="/sign-in">Sign in</Link>
            </Button>
          </div>
        </section>
        <section aria-label="What Switchboard does" className="grid gap-4 sm:grid-cols-2">
          {FEATURES.map(({ icon: Icon, title, text }) => (
            <div key={title} className="grid gap-2 rounded-xl border border-border bg-surface p-5">
              <Icon className="size-5 text-primary" aria-hidden />
              <h2 className="font-semibold">{title}</h2>
              <p className="text-sm text-muted">{text}</p>
            </div>
          ))}
        </section>
      </main>
    </div>
  );
}
