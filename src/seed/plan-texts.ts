import type { SenType } from '../platform/kernel/sen2.ts';

/**
 * What the demo's EHC plans are written from: sentences such as caseworkers write, by type of
 * need and by stage of education, with gaps filled for each child. Invented; no real child's
 * plan is drawn on.
 *
 * In the sentences: {F} is the child's forename; {he}, {He}, {him}, {his}, {His} and
 * {himself} their pronouns, with {is}, {has}, {was}, {does}, {s} and {ies} agreeing with them;
 * {place}, {staff}, {peers}, {moves}, {breaks}, {lessons}, {work} and {subjects} the words for
 * their stage of education; {interest} one of their interests; {pick:a|b} one of the choices
 * and {n:2-4} a number in the range.
 */

export type Stage = 'early' | 'primary' | 'secondary' | 'post16';

/** The broad areas of need of the SEND Code of Practice (6.28 to 6.35), which group sections B, E and F. */
export type Area = 'communication' | 'learning' | 'semh' | 'sensoryPhysical';

export const areaTitles: Record<Area, string> = {
  communication: 'Communication and interaction',
  learning: 'Cognition and learning',
  semh: 'Social, emotional and mental health',
  sensoryPhysical: 'Sensory and/or physical needs',
};

export interface Outcome {
  /** What the child will do by the end of the stage, following "{F} will". */
  aim: string;
  /** Steps towards it over the next year, each following "{F} will". */
  steps: string[];
  /** The National Curriculum year from which it fits, if not from the start of the stage. */
  fromYear?: number;
}

export interface NeedText {
  area: Area;
  /** How the need was identified. */
  identified: string[];
  /** How the need shows, in any stage; a few are chosen for each plan. */
  shows: string[];
  /** What it means for learning at each stage. */
  atStage: Record<Stage, string[]>;
  outcomes: { younger: Outcome[]; older: Outcome[] };
  /** Special educational provision: what, who, how often. */
  provision: string[];
  /** Section C when the need brings health needs, and section G for them. */
  health: { needs: string[]; provision: string[] } | null;
  /** One sentence for a plan where this is a secondary need. */
  also: string;
}

export const stageWords: Record<
  Stage,
  Record<'place' | 'staff' | 'peers' | 'moves' | 'breaks' | 'lessons' | 'work' | 'subjects', string>
> = {
  early: {
    place: 'nursery',
    staff: 'key person',
    peers: 'other children',
    moves: 'moving from one activity to the next, and saying goodbye to a parent at the door',
    breaks: 'free play',
    lessons: 'group times',
    work: 'activities',
    subjects: 'communication, play and physical development',
  },
  primary: {
    place: 'school',
    staff: 'class teacher',
    peers: 'other children',
    moves: 'moving between activities, coming in from playtime and any change of adult',
    breaks: 'playtime and lunchtime',
    lessons: 'lessons',
    work: 'work',
    subjects: 'reading, writing and mathematics',
  },
  secondary: {
    place: 'school',
    staff: 'form tutor',
    peers: 'other students',
    moves: 'moving between lessons, changes of teacher and room, and the crowded corridors',
    breaks: 'break and lunchtime',
    lessons: 'lessons',
    work: 'work',
    subjects: 'English, mathematics and science',
  },
  post16: {
    place: 'college',
    staff: 'personal tutor',
    peers: 'other students',
    moves: 'changes to the timetable, new rooms and new staff',
    breaks: 'breaks between sessions',
    lessons: 'sessions',
    work: 'course work',
    subjects: 'English, mathematics and the vocational course',
  },
};

/** What young children love, and what older ones do. */
export const earlyInterests = [
  'bubbles and water play',
  'diggers and tractors',
  'the sandpit',
  'books about animals',
  'dancing to music',
  'Peppa Pig',
  'trains',
  'the swings at the park',
  'playing with dolls',
  'feeding the ducks',
  'building towers with blocks',
  'splashing in puddles',
];

export const interests = [
  'trains and timetables',
  'dinosaurs',
  'Minecraft',
  'drawing comic strips',
  'football and watching the match with a parent',
  'horses',
  'cooking with a grandparent',
  'swimming',
  'Lego',
  'music and singing along to musicals',
  'animals, especially the family dog',
  'space and the planets',
  'making videos',
  'fishing with a parent',
  'the Broads and boats',
  'gymnastics',
  'cars and how engines work',
  'baking',
  'gaming with friends online',
  'looking after younger cousins',
  'the farm where a relative works',
  'drama club',
  'bikes and BMX',
  'nature and bugs',
  'Pokémon cards',
];

/** What people like and admire about a child of any age, and about an older one. */
export const admired = [
  'kind',
  'funny',
  'determined',
  'curious',
  'gentle',
  'creative',
  'affectionate',
  'cheerful',
  'brave in trying new things',
  'full of energy',
  'good at noticing details others miss',
];
export const admiredOlder = [
  'honest',
  'loyal to {his} friends',
  'a hard worker when something interests {him}',
  'caring towards younger children',
  'thoughtful',
  'resilient',
];

/** The child's views in their own words, by stage. */
export const ownWords: Record<
  Exclude<Stage, 'early'>,
  { likes: string[]; hard: string[]; helps: string[] }
> = {
  primary: {
    likes: [
      'I like it when we do art and I can draw.',
      'My favourite thing at school is playtime with my friend.',
      'I like PE and being in the Forest School.',
      'I like my teacher because she is kind.',
      'I like reading with Mrs {pick:Allen|Gotts|Patel|Cooper} in the library.',
      'I like maths when we use the blocks.',
    ],
    hard: [
      'I don’t like it when it is noisy in the hall.',
      'Writing makes my hand hurt.',
      'I get cross when people don’t play my game properly.',
      'I don’t like it when my teacher is not there.',
      'Sometimes the words on the page jump about.',
      'I don’t like assembly because it is too long.',
    ],
    helps: [
      'It helps when someone tells me what is happening next.',
      'I like having my own space to go to when I am upset.',
      'It helps when the teacher shows me how to do it first.',
      'I like using my fidget when I have to sit still.',
    ],
  },
  secondary: {
    likes: [
      'I like art and computing because I’m good at them.',
      'The best bit of school is seeing my mates.',
      'I like science when we do experiments.',
      'I like the library at lunchtime because it is quiet.',
      'I like food tech because you get to take it home.',
      'PE is all right when it’s football.',
    ],
    hard: [
      'Corridors are really busy and people push.',
      'I hate being asked to read out loud.',
      'Some teachers talk too fast and I can’t keep up with what they want.',
      'When I get a supply teacher I don’t know what’s going on.',
      'Homework stresses me out because I don’t remember what to do.',
      'I find it hard to make friends and I don’t know what to say.',
    ],
    helps: [
      'It helps when teachers give me the work printed out.',
      'I need to be able to leave a lesson if it gets too much, without everyone looking.',
      'It helps having one person I can go to.',
      'I work better at the front where I can concentrate.',
    ],
  },
  post16: {
    likes: [
      'I like my course because it is practical.',
      'I like getting the bus on my own now.',
      'I like the people on my course.',
      'I enjoy my work experience at the garden centre.',
      'I like earning my own money on Saturdays.',
    ],
    hard: [
      'I find big groups hard and I don’t like the canteen.',
      'Maths is still hard for me.',
      'I worry about what happens when college finishes.',
      'It’s hard when plans change at the last minute.',
      'I get tired by the afternoon.',
    ],
    helps: [
      'It helps when my tutor checks in with me at the start of the week.',
      'I like having things written down so I can look at them later.',
      'It helps to have someone help me plan my week.',
      'I need time to think before I answer.',
    ],
  },
};

/** How a child's views were gathered when they cannot give them in words. */
export const viewsObserved = [
  '{F}’s views were gathered by the staff who know {him} best, by watching what {he} choose{s} and how {he} respond{s}.',
  '{F} cannot yet tell us in words what matters to {him}; {his} parents and {his} {staff} have described what {he} enjoy{s} and what upsets {him}.',
  '{F} took part in {his} planning meeting with photographs of {his} favourite activities and chose the ones {he} wanted to talk about.',
];

export const observedJoy = [
  '{F} smiles and vocalises when music is played, and reaches for the instruments.',
  '{F} is happiest outdoors, on the swing or in the sensory garden.',
  '{F} loves water play and bubbles, and shows excitement by flapping {his} hands and laughing.',
  '{F} enjoys being sung to and will look towards a familiar adult to ask for more.',
  '{F} loves sensory stories and lights, and is calm in the sensory room.',
  '{F} enjoys rough and tumble play with {his} older brother and cuddles with {his} parents.',
];

/** What parents and carers hope for, by stage. */
export const parentsHope: Record<Stage, string[]> = {
  early: [
    'to be able to tell them what {he} want{s} and need{s}',
    'to be happy and settled at nursery, with a friend to play with',
    'to be ready for school, with the right support in place before {he} start{s}',
    'to be toilet trained',
    'to feed {himself}',
    'to sleep through the night',
  ],
  primary: [
    'to be happy at school, with friends of {his} own',
    'to learn to read so that {he} can enjoy books',
    'to be understood by the adults around {him}',
    'to feel safe and able to manage {his} feelings',
    'to make a good move to secondary school when the time comes',
    'to be included in clubs and trips with {his} classmates',
  ],
  secondary: [
    'to get the qualifications {he} {is} capable of',
    'to feel less anxious about school and to go every day',
    'to have a group of friends {he} can trust',
    'to travel to school on {his} own',
    'to know what {he} want{s} to do after Year 11',
    'to stay safe online and in the community',
  ],
  post16: [
    'to find paid work that suits {him}',
    'to live as independently as possible, with support close by',
    'to manage {his} own money and travel',
    'to keep {his} friendships after college',
    'to look after {his} own health and appointments',
  ],
};

/** The young person's own hopes, from the end of primary school on. */
export const aspirations = [
  'When I’m older I want to work with animals, maybe at a vet’s.',
  'I want to be a chef and have my own café.',
  'I’d like to be a mechanic like my uncle.',
  'I want to make video games.',
  'I want to work in a shop and live in my own flat with a friend.',
  'I want to be a nursery nurse.',
  'I’d like to join the army.',
  'I want to be a YouTuber or work with computers.',
  'I want to be a gardener or work on a farm.',
  'I want to learn to drive.',
  'I want to be a hairdresser.',
  'I’d like to go to university to study history.',
];

/** Strengths, a line of section B before the needs. */
export const strengths = [
  '{F} has a good memory for things that interest {him} and a wide general knowledge.',
  '{F} is sociable and wants to be with {peers}, and is well liked.',
  '{F} has good practical skills and learns well by doing.',
  '{F} tries hard when {he} feel{s} safe and understands what is expected.',
  '{F} has strong visual skills and responds well to pictures and demonstrations.',
  '{F} has made good progress since the last review, particularly in {his} confidence.',
  '{F} is polite and helpful, and likes having jobs to do.',
  '{F} has a good sense of humour and builds warm relationships with adults.',
];

const sessions = '{pick:2|3|4} sessions of {pick:20|30|40} minutes a week';

export const needTexts: Record<SenType, NeedText> = {
  ASD: {
    area: 'communication',
    identified: [
      '{F} has a diagnosis of autism, made by the {pick:community paediatrician|neurodevelopmental team|autism assessment service} in {diagYear}.',
      '{F} was diagnosed as autistic in {diagYear} after a multi-agency assessment.',
    ],
    shows: [
      '{F} finds {moves} very hard, especially when a change is not expected, and may become distressed or refuse to move on.',
      '{F} is very sensitive to noise, and busy places such as the hall or the dining room can quickly overwhelm {him}.',
      '{F} takes language literally and can miss what others mean by a joke, sarcasm or a change in tone of voice.',
      '{F} prefers to play and work alone or alongside an adult, and finds it hard to join in with {peers} or to take turns in a conversation.',
      'When anxious, {F} may cover {his} ears, pace, leave the room or stop speaking; these are signs that {he} need{s} a break, not a choice to misbehave.',
      '{F} has a deep interest in {interest}, and learns best when it is built into {his} {work}.',
      '{F} needs a predictable routine and a clear picture of what will happen next, and copes much better when told of changes in advance.',
      '{F}’s anxiety often builds through the day and is released at home, so {his} parents see far more distress than staff do.',
    ],
    atStage: {
      early: [
        '{F} uses single words and leads adults by the hand to what {he} want{s}; {he} rarely point{s} to share interest.',
      ],
      primary: [
        '{F} can read words well above {his} age but finds it hard to say what a character might be thinking or feeling.',
      ],
      secondary: [
        '{F} manages well in subjects with clear rules, such as mathematics and computing, but finds group work and open-ended writing very hard.',
      ],
      post16: [
        '{F} is capable on {his} course but needs help to organise {his} time, to ask for help and to cope with changes of room or tutor.',
      ],
    },
    outcomes: {
      younger: [
        {
          aim: 'move between activities through the day using a visual timetable, with no more than one prompt from an adult',
          steps: [
            'use a now-and-next board to move to the next activity in 4 out of 5 observed changes',
            'check {his} own visual timetable at the start of each session',
          ],
        },
        {
          aim: 'join a small-group activity with two {peers} for 15 minutes, taking turns with the help of a visual cue',
          steps: [
            'take 3 turns in a structured game with an adult and one other child',
            'stay in a group time of 5 minutes with a familiar adult beside {him}',
          ],
        },
        {
          aim: 'tell an adult when {he} feel{s} worried or overwhelmed, using words, a symbol card or a sign',
          steps: [
            'use {his} “I need a break” card on most occasions before becoming distressed',
            'name three feelings from pictures in a daily check-in',
          ],
        },
      ],
      older: [
        {
          aim: 'manage changes to {his} day, such as a supply teacher or a room change, using strategies agreed with {him}, without needing to leave the building',
          steps: [
            'read the daily change notice with {his} key adult each morning',
            'use {his} exit card and return to the lesson within 10 minutes on 4 out of 5 occasions',
          ],
        },
        {
          aim: 'take part in group work in lessons, with a defined role, in at least two subjects each week',
          steps: [
            'complete a paired task with a chosen partner in one lesson a week',
            'practise starting and ending a conversation in the social communication group',
          ],
        },
        {
          aim: 'plan {his} own week, including homework and appointments, using a planner or phone app',
          steps: [
            'record homework in {his} planner at the end of each lesson with a prompt',
            'review the week ahead with {his} key adult every Monday',
          ],
        },
      ],
    },
    provision: [
      'A consistent, structured day with a visual timetable, and at least a day’s notice of any change to routine where it can be given, from all staff.',
      'Access to a quiet, low-sensory space agreed with {F}, whenever {he} need{s} it, with an exit card {he} can use without explanation.',
      `A social communication programme (such as Lego-based therapy or social stories) led by a teaching assistant trained by the autism advisory teacher: ${sessions}.`,
      'Advice and training for staff from the specialist autism advisory teacher, who will visit once each half term and review {F}’s profile with the SENCo.',
      'A named key adult who meets {F} at the start of each day to go through the day and any changes: 10 minutes daily.',
      'Instructions given one step at a time, in plain literal language, with written or visual back-up.',
      'Preparation for transitions, including visits and a photo book of any new setting, planned with {his} parents at least a term ahead.',
    ],
    health: {
      needs: [
        '{F} has difficulty getting to sleep and is prescribed melatonin by {his} paediatrician.',
        '{F} eats a very limited range of foods and is under the care of the community dietitian.',
        '{F} is reviewed each year by the community paediatrician.',
      ],
      provision: [
        'Review by the community paediatrician once a year, including sleep and medication.',
        'Advice from the occupational therapist on {F}’s sensory needs, with a sensory diet for staff to follow, reviewed each year.',
      ],
    },
    also: '{F} also has autism, which affects how {he} communicate{s} and copes with change and busy places.',
  },
  SEMH: {
    area: 'semh',
    identified: [
      '{F} has social, emotional and mental health needs, identified by {his} {place} and the educational psychologist, who assessed {him} in {diagYear}.',
      '{F} has been assessed for attention deficit hyperactivity disorder (ADHD) and received a diagnosis in {diagYear}; {he} also experience{s} high levels of anxiety.',
      '{F} has experienced significant adversity in early childhood, and {his} needs arise from difficulties with attachment and trust.',
    ],
    shows: [
      '{F} finds it very hard to manage strong feelings; when angry or frightened {he} may shout, throw things or run from the room.',
      '{F} needs to feel safe with an adult before {he} can learn, and does best with a small number of adults {he} trust{s}.',
      '{F}’s attendance has fallen to {n:52-78}% this year, and mornings are often the hardest time.',
      '{F} has had {n:2-6} fixed-term suspensions in the last year, mostly following incidents at {breaks}.',
      '{F} is quick to feel criticised or shamed, and may refuse a task rather than risk getting it wrong.',
      '{F} finds it hard to sit and focus for more than a few minutes, and is easily distracted by noise and movement.',
      '{F} can be withdrawn and tearful, and says {he} worr{ies} about {his} family when {he} {is} at {place}.',
      '{F} is at {his} best in practical, active {lessons} and responds well to praise given quietly.',
    ],
    atStage: {
      early: ['{F} finds sharing and waiting very hard and can hurt other children when frustrated.'],
      primary: [
        '{F} is working below the level expected for {his} age in {subjects}, largely because of time missed from class.',
      ],
      secondary: [
        '{F} has been on a part-time timetable for part of this year and has gaps in {his} learning in {subjects}.',
      ],
      post16: [
        '{F} is keen to do well on {his} course but anxiety has affected {his} attendance and confidence.',
      ],
    },
    outcomes: {
      younger: [
        {
          aim: 'use an agreed strategy to calm down when upset, with less help from an adult, on most occasions',
          steps: [
            'go to {his} calm space with an adult when {he} feel{s} angry, rather than leaving the building',
            'rate {his} feelings on a 1 to 5 scale in a daily check-in',
          ],
        },
        {
          aim: 'attend for at least 95% of sessions',
          steps: [
            'arrive each morning through a meet-and-greet with {his} key adult',
            'attend at least 90% of sessions each half term',
          ],
        },
        {
          aim: 'play cooperatively with {peers} at {breaks}, with adult support only from a distance',
          steps: [
            'take part in a structured lunchtime club twice a week',
            'have no more than one incident at {breaks} each week, as recorded in the behaviour log',
          ],
        },
      ],
      older: [
        {
          aim: 'attend full time and stay in lessons for the whole of at least 90% of lessons',
          steps: [
            'increase {his} timetable to full time by the end of the spring term',
            'use {his} time-out card no more than twice a day and return within 10 minutes',
          ],
        },
        {
          aim: 'recognise the early signs of anxiety or anger and use a strategy that works for {him} without adult prompting',
          steps: [
            'complete a six-week programme on managing anxiety with the school’s mental health practitioner',
            'identify two strategies {he} find{s} helpful and share them with staff',
          ],
        },
        {
          aim: 'have no fixed-term suspensions over the year',
          steps: [
            'meet with {his} mentor weekly to review the week and plan for the next',
            'repair relationships with a restorative conversation after any incident',
          ],
        },
      ],
    },
    provision: [
      'A key adult {F} can go to at the start and end of each day and whenever {he} {is} upset, trained in emotion coaching.',
      'A personalised support plan, written with {F} and {his} parents, shared with every adult who works with {him} and reviewed every half term.',
      'Weekly sessions with an emotional literacy support assistant (ELSA): 1 session of 45 minutes a week for at least 12 weeks, then reviewed.',
      'A quiet, supervised space to go to when {he} need{s} time out, with an agreed way of returning to the lesson.',
      'A meet-and-greet on arrival each morning, and a check-out at the end of each day: 10 minutes each.',
      'Consultation from the educational psychologist once a term with the SENCo and key adult, to review how {F} is doing and adjust the plan.',
      'Small-group support at {breaks}, with a structured club or activity on at least 3 days a week.',
    ],
    health: {
      needs: [
        '{F} is under the child and adolescent mental health service (CAMHS) for anxiety.',
        '{F} has ADHD and takes medication each morning, prescribed by the paediatrician.',
        '{F} has been referred to CAMHS and is waiting for an assessment.',
      ],
      provision: [
        'Sessions with the mental health support team in school: 1 session a week for 8 weeks, then reviewed.',
        'Medication review by the paediatrician every six months; the school to give the lunchtime dose as prescribed.',
      ],
    },
    also: '{F} also has social, emotional and mental health needs: {he} can become very anxious and finds strong feelings hard to manage.',
  },
  SLCN: {
    area: 'communication',
    identified: [
      '{F} has a developmental language disorder, diagnosed by the speech and language therapist in {diagYear}.',
      '{F} has speech, language and communication needs, identified in {his} early years and assessed by the speech and language therapy service.',
      '{F} has a speech sound disorder and difficulties understanding and using language.',
    ],
    shows: [
      '{F} understands short, simple instructions but loses track of longer ones, and often follows what {peers} do rather than what was said.',
      '{F} finds it hard to find the right word and to put sentences together in the right order, and may give up when not understood.',
      '{F}’s speech is hard for unfamiliar adults to understand; {he} {is} understood by familiar adults about {n:50-80}% of the time.',
      '{F} needs extra time to process what is said and to answer; {he} may say “I don’t know” when {he} need{s} more time.',
      '{F} has a small vocabulary for {his} age and needs new words taught directly, with pictures and many repetitions.',
      '{F} finds it hard to retell an event in order, which makes explaining a problem at {breaks} difficult.',
      '{F} can become frustrated or withdrawn when {he} cannot make {himself} understood.',
    ],
    atStage: {
      early: ['{F} uses two-word phrases and some signs, and understands more in familiar routines.'],
      primary: [
        '{F}’s language difficulties affect {his} reading comprehension and writing, which are well below those expected for {his} age.',
      ],
      secondary: [
        '{F} struggles with the amount of subject vocabulary in secondary school and with following teacher talk in {lessons}.',
      ],
      post16: [
        '{F} needs help to understand written instructions on {his} course and to explain {himself} in interviews and at work.',
      ],
    },
    outcomes: {
      younger: [
        {
          aim: 'follow two-part instructions in class without needing them repeated, in 4 out of 5 observed times',
          steps: [
            'follow a two-part instruction with a picture prompt in therapy sessions',
            'use a “say it back” strategy to check what {he} {has} to do',
          ],
        },
        {
          aim: 'use sentences of five or more words, in the right order, to say what {he} {has} done',
          steps: [
            'use colourful semantics to build sentences of four words in therapy sessions',
            'retell a three-step story in order using picture cards',
          ],
        },
        {
          aim: 'be understood by unfamiliar adults most of the time',
          steps: [
            'use target sounds correctly in single words in 8 out of 10 attempts',
            'practise target sounds at home three times a week using the therapist’s programme',
          ],
        },
      ],
      older: [
        {
          aim: 'understand and use the key vocabulary of each subject, as checked at the start and end of each topic',
          steps: [
            'learn 10 pre-taught topic words each half term, checked with word maps',
            'ask for a word to be explained when {he} {does}n’t understand it, in most lessons',
          ],
        },
        {
          aim: 'explain a problem or a point of view clearly, in speech and in writing, using a planning frame',
          steps: [
            'use a planning frame to write a paragraph with a point, evidence and explanation',
            'give a two-minute talk to a small group on a subject {he} choose{s}',
          ],
        },
      ],
    },
    provision: [
      `A speech and language therapy programme written by the therapist and delivered by a trained teaching assistant: ${sessions}.`,
      'Direct therapy from the speech and language therapist: a block of 6 sessions each term, with the programme updated at the end of each block.',
      'Key vocabulary for each topic taught before the lesson, with pictures and word maps, in a small group: 2 sessions of 20 minutes a week.',
      'Instructions given in short chunks, with visual support, and a check that {F} has understood; extra time to answer.',
      'Training for the staff who work with {F} from the speech and language therapist, at least once a year.',
      'Visual supports in class: word banks, sentence starters and a visual timetable.',
    ],
    health: null,
    also: '{F} also has speech, language and communication needs: {he} need{s} time to process language and help to find words.',
  },
  MLD: {
    area: 'learning',
    identified: [
      '{F} has moderate learning difficulties, identified through assessment by the educational psychologist in {diagYear}.',
      '{F} has general learning difficulties across all areas of the curriculum.',
    ],
    shows: [
      '{F} is working well below the level expected for {his} age in {subjects}, and learns new skills slowly.',
      '{F} needs many chances to practise a new skill before it is secure, and can lose what {he} {has} learnt after a holiday.',
      '{F} has a weak working memory: {he} can remember one or two steps of an instruction but loses the rest.',
      '{F} understands best with practical equipment, pictures and real-life examples.',
      '{F} has a reading age about {n:2-4} years below {his} chronological age.',
      '{F} can become dependent on adults and needs encouragement to try things on {his} own.',
      '{F} is eager to please and works hard, but is aware that {his} work is different from that of {peers}, which affects {his} confidence.',
    ],
    atStage: {
      early: [
        '{F} is working within the 22 to 36 months band in most areas of the early years foundation stage.',
      ],
      primary: [
        '{F} can read simple words and short sentences, and counts reliably to {pick:10|20|30}, but needs objects to add and subtract.',
      ],
      secondary: [
        '{F} is working at about the level expected at the end of primary school in English and mathematics, and needs differentiated work in every subject.',
      ],
      post16: [
        '{F} is working towards Entry Level qualifications in English and mathematics alongside {his} vocational course.',
      ],
    },
    outcomes: {
      younger: [
        {
          aim: 'read and understand a short book at {his} level and answer questions about it',
          steps: [
            'read 50 high-frequency words on sight',
            'use phonics to read unfamiliar three- and four-letter words',
          ],
        },
        {
          aim: 'use number facts to 20 to solve everyday problems, such as paying for items at the school shop',
          steps: [
            'count reliably to 20 and back, using objects',
            'add and take away within 10 using a number line',
          ],
        },
        {
          aim: 'start and finish a short independent task, using a checklist, without adult help',
          steps: ['complete a 5-minute independent task each day using a visual checklist'],
        },
      ],
      older: [
        {
          aim: 'achieve Entry Level qualifications in English and mathematics',
          steps: [
            'read and follow a recipe or set of instructions of six steps',
            'use money to budget for a week’s lunches',
          ],
        },
        {
          aim: 'travel independently on a familiar route, such as from home to {place}',
          steps: [
            'complete travel training with the LA’s travel trainer on the route to {place}',
            'use a bus timetable app with an adult',
          ],
        },
        {
          aim: 'tell the time and use a calendar to plan {his} week',
          steps: [
            'tell the time to the quarter hour on an analogue clock',
            'keep a weekly diary with prompts',
          ],
        },
      ],
    },
    provision: [
      'Teaching in a small group for English and mathematics for at least half of each day, with work matched to {F}’s level and broken into small steps.',
      'Daily precision teaching for reading and number, 10 minutes a day, from a trained teaching assistant.',
      'Practical equipment, visual prompts and overlearning in every lesson, planned by the class or subject teacher with the SENCo.',
      'Pre-teaching and repetition of key ideas before and after lessons: 3 sessions of 20 minutes a week.',
      'A structured phonics programme, delivered daily in a group of no more than 4: 20 minutes a day.',
      'Adult support in lessons for {n:10-20} hours a week, directed by the teacher and focused on helping {F} work independently.',
    ],
    health: null,
    also: '{F} also has moderate learning difficulties and learns new skills more slowly than {peers}.',
  },
  SPLD: {
    area: 'learning',
    identified: [
      '{F} has dyslexia, identified by a specialist teacher assessment in {diagYear}.',
      '{F} has specific learning difficulties: dyslexia and dyscalculia.',
      '{F} has developmental coordination disorder (dyspraxia) and dyslexia.',
    ],
    shows: [
      '{F} is articulate and understands well, but reads slowly and spells inaccurately, which limits what {he} can show in writing.',
      '{F} has weak phonological processing and finds it hard to break words into sounds.',
      '{F}’s handwriting is slow and hard to read, and {he} tire{s} quickly when writing.',
      '{F} finds it hard to copy from the board and to remember spellings from one week to the next.',
      '{F} has a reading age of about {n:7-10} years and a spelling age lower still.',
      '{F} is very aware of {his} difficulties and can avoid reading aloud or writing in front of {peers}.',
      '{F} has good verbal reasoning and contributes well in discussion.',
    ],
    atStage: {
      early: ['{F} finds it hard to remember the sounds that letters make.'],
      primary: [
        '{F} is working below the expected standard in reading and writing, and at the expected standard in mathematics.',
      ],
      secondary: [
        '{F} needs access arrangements in tests, such as extra time and a reader, which {he} use{s} as {his} normal way of working.',
      ],
      post16: [
        '{F} needs assistive technology to keep up with the reading and writing on {his} course and has the Disabled Students’ Allowance in mind for university.',
      ],
    },
    outcomes: {
      younger: [
        {
          aim: 'read texts at {his} age level with understanding, with help from assistive technology where needed',
          steps: [
            'improve {his} reading age by at least 12 months over the year, as measured by a standardised test',
            'read aloud to an adult at home five times a week',
          ],
        },
        {
          aim: 'write a paragraph independently, using a spelling strategy and a word processor',
          steps: [
            'spell the 100 most common words correctly in {his} writing',
            'touch-type at 15 words a minute',
          ],
        },
      ],
      older: [
        {
          aim: 'use assistive technology independently in all lessons and in exams',
          steps: [
            'use text-to-speech and speech-to-text software in at least three subjects',
            'sit a mock exam with {his} access arrangements in place',
          ],
        },
        {
          aim: 'organise {his} notes and revision so that {he} can work independently',
          steps: ['use mind maps to plan extended writing', 'keep an up-to-date revision timetable'],
        },
      ],
    },
    provision: [
      `A structured, multi-sensory literacy programme delivered by a specialist teacher or a trained teaching assistant: ${sessions}.`,
      'Access to a laptop with text-to-speech and speech-to-text software in every lesson, with training for {F} in using it.',
      'Printed copies of notes and slides, so {F} does not have to copy from the board.',
      'Touch-typing teaching: 3 sessions of 15 minutes a week until {F} reaches 25 words a minute.',
      'Access arrangements assessed and in place for tests and exams, and used in class as {his} normal way of working.',
      'Advice for staff from the specialist learning difficulties teacher, who will review {F}’s progress once a term.',
    ],
    health: null,
    also: '{F} also has specific learning difficulties: reading and spelling are much harder for {him} than {his} understanding would suggest.',
  },
  PD: {
    area: 'sensoryPhysical',
    identified: [
      '{F} has cerebral palsy (spastic diplegia), affecting both legs and {his} fine motor skills.',
      '{F} has a physical disability arising from a neuromuscular condition, diagnosed in {diagYear}.',
      '{F} has hypermobility syndrome and developmental coordination disorder.',
    ],
    shows: [
      '{F} uses a walking frame indoors and a wheelchair for longer distances, and needs help on stairs and uneven ground.',
      '{F} tires quickly, especially in the afternoon, and needs rest breaks built into {his} day.',
      '{F}’s handwriting is slow and effortful, and {he} cannot keep up with written {work} without a laptop.',
      '{F} needs help with personal care, including toileting and changing for PE.',
      '{F} has good understanding and is working at the level expected for {his} age in most subjects.',
      '{F} is determined to do things for {himself} and does not like to be treated differently from {peers}.',
      '{F} needs a plan for getting out of the building safely in an emergency.',
    ],
    atStage: {
      early: ['{F} is learning to sit without support and to use both hands together in play.'],
      primary: ['{F} needs adapted equipment in PE and help to join in at {breaks}.'],
      secondary: ['{F} needs help to move between lessons, leaving a few minutes early to avoid the crowds.'],
      post16: ['{F} is keen to learn to drive and to live independently with adaptations.'],
    },
    outcomes: {
      younger: [
        {
          aim: 'move around {place} safely and independently, using {his} walking frame',
          steps: [
            'walk from the classroom to the hall with {his} frame with one adult nearby',
            'follow {his} physiotherapy programme daily',
          ],
        },
        {
          aim: 'record {his} work using a keyboard at a speed close to that of {peers}',
          steps: ['type 10 words a minute', 'use a word processor for all extended writing'],
        },
      ],
      older: [
        {
          aim: 'manage {his} own personal care, or direct the adults who help {him}',
          steps: [
            'tell staff clearly what help {he} need{s} with personal care',
            'use the adapted toilet with one adult',
          ],
        },
        {
          aim: 'take part in PE and after-school activities with adaptations',
          steps: ['try two adapted sports over the year', 'join one after-school club'],
        },
      ],
    },
    provision: [
      'An accessible classroom, toilet and changing area, and a personal emergency evacuation plan reviewed each term.',
      'A daily physiotherapy programme set by the physiotherapist and delivered by a trained adult: 20 minutes a day.',
      'Touch-typing teaching and a laptop for recording work, with extra time in tests.',
      'An adult to help with personal care and moving around {place}, trained in moving and handling.',
      'Adapted equipment as advised by the occupational therapist, including a writing slope and seating.',
      'Rest breaks built into {his} timetable, and permission to leave lessons early to move between rooms.',
    ],
    health: {
      needs: [
        '{F} has cerebral palsy and is under the care of the physiotherapy and occupational therapy services.',
        '{F} has regular appointments with the orthopaedic team and wears splints on both legs.',
      ],
      provision: [
        'Physiotherapy: the physiotherapist sets and reviews {F}’s programme once a term and trains the staff who deliver it.',
        'Occupational therapy review once a year, including seating and equipment.',
      ],
    },
    also: '{F} also has a physical disability that affects {his} mobility and fine motor skills.',
  },
  HI: {
    area: 'sensoryPhysical',
    identified: [
      '{F} has a {pick:moderate|severe|profound} bilateral sensorineural hearing loss, identified at newborn screening.',
      '{F} has a permanent hearing loss and wears hearing aids in both ears.',
      '{F} has a cochlear implant, fitted in {diagYear}.',
    ],
    shows: [
      '{F} misses much of what is said in noisy rooms, in group discussion and when the speaker turns away.',
      '{F} relies on lip-reading and on visual information, and tires from the effort of listening.',
      '{F}’s vocabulary and language are behind those of hearing children of {his} age, and new words need to be taught directly.',
      '{F} uses British Sign Language with {his} family and is learning spoken English too.',
      '{F} can pretend to understand when {he} {has} not, to avoid standing out.',
      '{F} has good visual skills and learns well from demonstrations and written information.',
    ],
    atStage: {
      early: ['{F} is learning to listen with {his} hearing aids and to respond to {his} name.'],
      primary: ['{F} needs the teacher to use a radio aid and to check that {he} {has} understood.'],
      secondary: ['{F} finds group work and videos without subtitles very hard to follow.'],
      post16: ['{F} needs subtitles, notes and a note-taker to follow lectures.'],
    },
    outcomes: {
      younger: [
        {
          aim: 'take part fully in class discussion, using {his} radio aid and asking for repetition when needed',
          steps: ['ask an adult to repeat something in most lessons when {he} {has} missed it'],
        },
      ],
      older: [
        {
          aim: 'manage {his} own hearing technology and ask for the support {he} need{s} in every lesson',
          steps: [
            'check and charge {his} radio aid each day without prompting',
            'explain {his} hearing loss to a new teacher',
          ],
        },
      ],
    },
    provision: [
      'A radio aid, checked daily, and a classroom with reduced background noise (soft furnishings, a carpet and no noisy fans).',
      'Visits from the qualified teacher of the deaf {pick:twice a term|once a month}, with advice for staff.',
      'Pre-teaching of new vocabulary with a teaching assistant: 2 sessions of 20 minutes a week.',
      'Subtitles on all videos and written copies of key information.',
      'Seating where {F} can see the speaker’s face, away from noise.',
      'Deaf awareness training for the staff who teach {F}, once a year.',
    ],
    health: {
      needs: ['{F} is under the care of the paediatric audiology service.'],
      provision: ['Audiology review every six months, including checks of {F}’s hearing aids.'],
    },
    also: '{F} also has a hearing loss and wears hearing aids.',
  },
  VI: {
    area: 'sensoryPhysical',
    identified: [
      '{F} has a visual impairment (nystagmus and reduced acuity) and is registered as sight impaired.',
      '{F} has cerebral visual impairment, identified by the ophthalmology service in {diagYear}.',
    ],
    shows: [
      '{F} needs print enlarged to at least {pick:18|24|36} point and finds it hard to see the board.',
      '{F} tires from the effort of looking and needs breaks from close work.',
      '{F} finds busy, cluttered displays and crowded places hard to make sense of.',
      '{F} moves around familiar places confidently but needs help in new or busy ones.',
      '{F} is learning to use a magnifier and a tablet to access print.',
    ],
    atStage: {
      early: ['{F} is learning to explore toys by touch and sound as well as sight.'],
      primary: ['{F} is learning to touch-type and to use magnification software.'],
      secondary: ['{F} needs modified exam papers and extra time.'],
      post16: ['{F} is working on mobility skills for getting to college and work.'],
    },
    outcomes: {
      younger: [
        {
          aim: 'read print at {his} level independently, using enlarged text or a magnifier',
          steps: ['use a handheld magnifier to read a short text'],
        },
      ],
      older: [
        {
          aim: 'travel safely and independently on familiar routes, using the mobility skills {he} {has} been taught',
          steps: ['complete a mobility programme with the habilitation specialist'],
        },
      ],
    },
    provision: [
      'All materials enlarged or provided electronically, in the format advised by the qualified teacher of vision impairment.',
      'Visits from the qualified teacher of vision impairment {pick:twice a term|once a month}, with advice for staff.',
      'Habilitation training from a specialist: 1 session a week for a term each year.',
      'A tablet with magnification software, and training for {F} to use it.',
      'A modified PE programme and a risk assessment for practical subjects.',
    ],
    health: {
      needs: ['{F} is under the care of the paediatric ophthalmology service.'],
      provision: ['Ophthalmology review once a year.'],
    },
    also: '{F} also has a visual impairment and needs enlarged print.',
  },
  MSI: {
    area: 'sensoryPhysical',
    identified: [
      '{F} has multi-sensory impairment: a hearing loss and a visual impairment together.',
      '{F} is deafblind as a result of a genetic condition diagnosed in {diagYear}.',
    ],
    shows: [
      '{F} relies on touch, on objects of reference and on a small number of familiar adults.',
      '{F} takes longer than {peers} to take in information and needs time to respond.',
      '{F} becomes anxious in unfamiliar places and needs to be told, by touch cues, what will happen next.',
      '{F} communicates through a mixture of signs, objects and vocalisation.',
    ],
    atStage: {
      early: ['{F} is beginning to use objects of reference to anticipate routines.'],
      primary: ['{F} learns best one to one in a quiet, uncluttered room.'],
      secondary: ['{F} is developing a wider range of signs to make choices.'],
      post16: ['{F} is learning daily living skills for a more independent adult life.'],
    },
    outcomes: {
      younger: [
        {
          aim: 'use objects of reference to anticipate and take part in the main routines of the day',
          steps: ['respond to the object of reference for lunch by moving towards the door'],
        },
      ],
      older: [
        {
          aim: 'make choices in daily activities using signs or objects',
          steps: ['choose between two activities using objects in most sessions'],
        },
      ],
    },
    provision: [
      'An intervenor: an adult trained in multi-sensory impairment who works with {F} throughout the day.',
      'Advice from the specialist teacher for multi-sensory impairment once a month.',
      'A consistent system of objects of reference and touch cues used by all staff and at home.',
      'A quiet, well-lit and uncluttered learning space.',
    ],
    health: {
      needs: ['{F} is under the care of audiology and ophthalmology, and has regular reviews with both.'],
      provision: ['Audiology and ophthalmology reviews as the services set.'],
    },
    also: '{F} also has multi-sensory impairment.',
  },
  SLD: {
    area: 'learning',
    identified: [
      '{F} has severe learning difficulties, identified by the educational psychologist and the community paediatrician.',
      '{F} has severe learning difficulties associated with a genetic condition diagnosed in {diagYear}.',
    ],
    shows: [
      '{F} is working at a very early stage of development in all areas and needs support in all aspects of {his} day.',
      '{F} communicates using some words, Makaton signs and pictures, and understands simple phrases in familiar routines.',
      '{F} needs help with personal care, including toileting and eating.',
      '{F} has little sense of danger and needs close supervision.',
      '{F} enjoys music, sensory play and being with familiar adults.',
      '{F} can become distressed by change and may bite {his} hand when upset.',
    ],
    atStage: {
      early: ['{F} is working at the level of a child of about 12 to 18 months in most areas.'],
      primary: ['{F} is working on pre-key stage standards in reading, writing and mathematics.'],
      secondary: ['{F} follows a sensory and life-skills curriculum.'],
      post16: [
        '{F} is following a preparation for adulthood programme focused on independence and community access.',
      ],
    },
    outcomes: {
      younger: [
        {
          aim: 'ask for what {he} want{s} using a sign, a picture or a word, in familiar routines',
          steps: ['use 10 Makaton signs to make requests', 'choose between two pictures at snack time'],
        },
        {
          aim: 'be dry in the day, with a toileting routine',
          steps: ['use the toilet when taken at set times on most days'],
        },
      ],
      older: [
        {
          aim: 'take part in activities in the community, such as shopping or a café visit, with support',
          steps: ['hand over money to pay for an item in a shop', 'wait in a queue for two minutes'],
        },
        {
          aim: 'make a simple snack with adult support',
          steps: ['follow a picture recipe of three steps'],
        },
      ],
    },
    provision: [
      'Teaching in a class of no more than {n:8-10} pupils with a teacher and at least {n:2-3} teaching assistants, all trained in Makaton and intensive interaction.',
      'A total communication approach, with signs, symbols and objects, used consistently by every adult.',
      'Personal care from trained staff, following an intimate care plan agreed with {his} parents.',
      'A personalised curriculum focused on communication, independence and life skills, planned with the speech and language therapist.',
      'Close supervision throughout the day, including at {breaks} and on trips.',
    ],
    health: {
      needs: [
        '{F} has epilepsy, well controlled by medication, and has a care plan written by the epilepsy nurse.',
        '{F} is under the care of the community paediatrician for {his} learning disability and associated conditions.',
      ],
      provision: [
        'An individual healthcare plan for epilepsy, with staff trained by the epilepsy nurse to give emergency medication.',
        'Review by the community paediatrician once a year.',
      ],
    },
    also: '{F} also has severe learning difficulties.',
  },
  PMLD: {
    area: 'learning',
    identified: [
      '{F} has profound and multiple learning difficulties and complex health needs.',
      '{F} has profound and multiple learning difficulties resulting from a brain injury at birth.',
    ],
    shows: [
      '{F} communicates through facial expression, vocalisation and body movement, which familiar adults can read.',
      '{F} is dependent on adults for all personal care, eating and moving.',
      '{F} uses a wheelchair and needs to change position regularly through the day.',
      '{F} responds to familiar voices, music and touch, and smiles when {he} {is} happy.',
      '{F} has a visual impairment and responds best to high-contrast and light-up objects.',
    ],
    atStage: {
      early: [
        '{F} is at the earliest stages of development and is learning to respond to people and objects.',
      ],
      primary: ['{F} follows a sensory curriculum, with learning built around {his} daily routines.'],
      secondary: ['{F} follows a sensory curriculum, with a focus on communication and choice-making.'],
      post16: [
        '{F} is preparing for adult services, with a focus on communication, health and community access.',
      ],
    },
    outcomes: {
      younger: [
        {
          aim: 'show a consistent response to indicate “more” or “finish” during familiar activities',
          steps: ['respond by looking or reaching in 3 out of 5 trials of a favourite activity'],
        },
      ],
      older: [
        {
          aim: 'make choices between two items, using eye pointing or a switch, in daily routines',
          steps: ['use a switch to start a favourite song in most sessions'],
        },
      ],
    },
    provision: [
      'Teaching in a class of no more than 6 pupils with a teacher and at least 3 teaching assistants.',
      'Intensive interaction and a sensory curriculum, delivered throughout the day by staff who know {F} well.',
      'All personal care, feeding and positional changes carried out by trained staff, following {his} care plans.',
      'Specialist equipment, including a standing frame and a switch-adapted communication aid, as advised by the therapists.',
    ],
    health: {
      needs: [
        '{F} has complex health needs, including epilepsy and a gastrostomy for feeding, and is under several hospital teams.',
        '{F} needs suctioning and has a detailed healthcare plan written by the community children’s nursing team.',
      ],
      provision: [
        'Community children’s nursing: training of staff in gastrostomy feeding and emergency medication, and review of the healthcare plan every six months.',
        'Physiotherapy and occupational therapy: a postural management programme set and reviewed each term.',
      ],
    },
    also: '{F} also has profound and multiple learning difficulties.',
  },
  DS: {
    area: 'learning',
    identified: [
      '{F} has Down syndrome.',
      '{F} has Down syndrome, diagnosed at birth, with associated learning difficulties.',
    ],
    shows: [
      '{F} is a strong visual learner and learns well from pictures, signs and modelling.',
      '{F}’s speech is less clear than {his} understanding, and {he} use{s} Makaton signs alongside words.',
      '{F} has a short auditory memory, so spoken instructions need to be short and supported visually.',
      '{F} is sociable and loves to be with {peers}, and copies what they do.',
      '{F} has low muscle tone and finds fine motor tasks such as writing and using scissors hard.',
      '{F} can be stubborn when a task is hard and needs it broken into small steps.',
    ],
    atStage: {
      early: ['{F} is learning to sign and to use single words, and walks independently.'],
      primary: [
        '{F} is reading simple books using a whole-word approach and is working below age-related expectations.',
      ],
      secondary: [
        '{F} follows a differentiated curriculum with a focus on functional English and mathematics.',
      ],
      post16: ['{F} is on a supported internship course, preparing for work.'],
    },
    outcomes: {
      younger: [
        {
          aim: 'read 100 words on sight and use them in short sentences',
          steps: ['read 30 familiar words on sight', 'match words to pictures in a simple book'],
        },
      ],
      older: [
        {
          aim: 'follow {his} timetable and move between lessons with a friend rather than an adult',
          steps: ['use a picture timetable to get to each lesson with a peer buddy'],
        },
        {
          aim: 'buy items in a shop, choosing them from a list and checking the change',
          steps: ['read a shopping list of five words with pictures', 'pay with coins for an item under £1'],
        },
        {
          aim: 'complete a supported work placement for one day a week',
          steps: ['follow a visual checklist for a workplace task'],
          fromYear: 12,
        },
      ],
    },
    provision: [
      'A visual, whole-word reading programme delivered daily by a trained teaching assistant: 15 minutes a day.',
      'Makaton used by staff throughout the day, with training for new staff.',
      `A speech and language therapy programme delivered by a trained teaching assistant: ${sessions}.`,
      'Fine motor activities and adapted equipment, as advised by the occupational therapist.',
    ],
    health: {
      needs: [
        '{F} has regular reviews of {his} heart, hearing, vision and thyroid, as children with Down syndrome do.',
        '{F} has glue ear and wears glasses.',
      ],
      provision: [
        'Health reviews as set by the Down syndrome clinic, including a yearly hearing and vision check.',
      ],
    },
    also: '{F} also has Down syndrome.',
  },
  OTH: {
    area: 'learning',
    identified: [
      '{F} has a rare genetic condition, diagnosed in {diagYear}, which affects learning and development.',
      '{F} has foetal alcohol spectrum disorder, diagnosed in {diagYear}.',
      '{F} has a long-term medical condition that has caused long absences from {place}.',
    ],
    shows: [
      '{F} has difficulties with attention, memory and understanding cause and effect.',
      '{F} tires easily and needs a flexible timetable on some days.',
      '{F} can be impulsive and needs clear, consistent boundaries.',
      '{F} has gaps in learning because of time missed for hospital appointments.',
      '{F} is friendly and sociable, and wants to be with {peers}.',
    ],
    atStage: {
      early: ['{F} is making progress in all areas but more slowly than other children of {his} age.'],
      primary: ['{F} is working below age-related expectations in {subjects}.'],
      secondary: ['{F} needs help to catch up on missed work and to keep up with coursework.'],
      post16: ['{F} is working on a reduced timetable to manage fatigue.'],
    },
    outcomes: {
      younger: [
        {
          aim: 'make progress in {subjects} from {his} starting points, as measured each term',
          steps: ['take part in catch-up sessions three times a week'],
        },
      ],
      older: [
        {
          aim: 'manage {his} energy across the week so that {he} can attend full time',
          steps: ['use a rest plan agreed with {his} parents and the school nurse'],
        },
      ],
    },
    provision: [
      'Catch-up teaching in a small group: 3 sessions of 30 minutes a week.',
      'A flexible timetable agreed with {F}’s parents and reviewed every half term.',
      'A named adult who coordinates work missed during absences and keeps in touch with {F}’s family.',
    ],
    health: {
      needs: ['{F} has a long-term condition and is under the care of a hospital consultant.'],
      provision: ['An individual healthcare plan, written with the school nurse and reviewed every year.'],
    },
    also: '{F} also has a medical condition that affects {his} learning.',
  },
};

/** Preparing for adulthood outcomes (Code of Practice 8.9), from Year 9 on. */
export const adulthoodOutcomes: Outcome[] = [
  {
    aim: 'take part in a work experience placement in an area {he} {is} interested in, and talk about what {he} learnt',
    steps: ['complete an interests and skills profile with the careers adviser'],
  },
  {
    aim: 'travel independently to {place} and to at least one other familiar place',
    steps: ['complete travel training on the route to {place}'],
  },
  {
    aim: 'manage a weekly budget for lunches and travel',
    steps: ['use a bank card to pay for items, checking {his} balance with an app'],
  },
  {
    aim: 'make and attend {his} own health appointments with support',
    steps: ['book a GP appointment by phone or online with an adult alongside'],
  },
  {
    aim: 'join a club or group in the community outside {place}',
    steps: ['try two community activities over the year with support from {his} family'],
  },
];

/** The setting's side of section F, by kind of setting. */
export const settingProvision: Record<
  'mainstream' | 'unit' | 'special' | 'college' | 'earlyYears' | 'none',
  string[]
> = {
  mainstream: [
    'Teaching in a mainstream class with a differentiated curriculum, planned by the class or subject teachers with the SENCo, and additional adult support for {n:10-25} hours a week.',
    'The SENCo will oversee {F}’s provision, meet {his} parents each term and review the plan with {F}.',
  ],
  unit: [
    'A place in the school’s specialist resource base, with teaching in a group of no more than {n:8-12} for most of the day and time in mainstream lessons as {he} {is} ready, planned each term.',
    'The resource base teacher will oversee {F}’s provision and meet {his} parents each term.',
  ],
  special: [
    'Teaching in a class of no more than {n:8-12} pupils with a teacher and {n:2-3} teaching assistants, with a curriculum adapted to {F}’s needs throughout the day.',
    'Staff trained in the approaches {F} needs, with the support of the school’s therapy team.',
  ],
  college: [
    'A study programme of at least {n:540-600} hours a year, with English and mathematics, and learning support in practical sessions for {n:4-10} hours a week.',
    'A named learning support coordinator who meets {F} each half term and reviews {his} support.',
  ],
  earlyYears: [
    'A key person who knows {F} well, and additional adult support for {n:10-20} hours a week from an adult trained in early communication.',
    'Visits from the early years specialist teacher once a half term, with advice for the setting and for {F}’s parents.',
  ],
  none: [
    'Tuition at home or in the community for {n:10-20} hours a week while a suitable school or college place is found, coordinated by the LA’s education officer.',
    'A key worker from the LA who meets {F} and {his} parents every two weeks.',
  ],
};

export const socialCare = {
  none: [
    '{F} and {his} family are not known to children’s social care. {F} has no social care needs arising from {his} special educational needs or disability.',
    'No social care needs have been identified. {F}’s parents know how to ask for an assessment if this changes.',
    '{F} has no social care needs related to {his} special educational needs or disability.',
  ],
  shortBreaks: [
    'The children with disabilities team assessed {F}’s needs in {diagYear}. {His} parents care for {him} around the clock and need regular breaks to continue doing so; {F} benefits from time with {peers} outside the family.',
  ],
  earlyHelp: [
    'The family are working with the Early Help team, who are supporting {F}’s parents with routines at home and sleep.',
  ],
  adult: [
    '{F} is over 18. A transition assessment under the Care Act 2014 has been completed by adult social care, who found eligible needs for support to access the community.',
  ],
};

export const shortBreakProvision = [
  'Short breaks: a Saturday club run by a local charity, 5 hours a fortnight, with transport.',
  'Short breaks: an overnight stay at the short breaks centre one weekend a month.',
  'A personal assistant, 6 hours a week, so that {F} can go swimming and to youth club.',
];

export const personalBudgets = [
  'There is no personal budget: none has been asked for.',
  'No personal budget has been requested. The LA has explained how to ask for one at any time.',
  'A personal budget of £{n:1-3},{pick:200|500|800} a year, paid as a direct payment, for {F}’s transport to and from {place}, to support the outcome of attending every day.',
  'A personal budget of £{n:2-4},{pick:000|400|600} a year, paid as a direct payment, for a personal assistant so that {F} can take part in activities outside {place}.',
  'The family asked for a personal budget for specialist equipment; the LA agreed £{n:4-9}00, to be paid once, for a laptop and software.',
];
